using EmrShare.Nodes.Center;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Transport;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>
/// A Center, hospitals A, B and C and one patient, each with its own temp folder, on a fresh deployment on the
/// given chain. Hospitals reach each other only through the directory (JSON-round-tripping endpoints).
/// </summary>
internal sealed class NodeNetwork : IAsyncDisposable
{
    private readonly List<HospitalService> _reopened = [];

    private NodeNetwork(string root, ChainAccess access, CenterService center, HospitalDirectory directory, HospitalService a, HospitalService b, HospitalService c, PatientWallet patient)
    {
        Root = root;
        Access = access;
        Center = center;
        Directory = directory;
        A = a;
        B = b;
        C = c;
        Patient = patient;
    }

    public string Root { get; }

    public ChainAccess Access { get; }

    public CenterService Center { get; }

    public HospitalDirectory Directory { get; }

    public HospitalService A { get; }

    public HospitalService B { get; }

    public HospitalService C { get; }

    public PatientWallet Patient { get; }

    /// <summary>The test patient's master secret, to reopen the wallet on its folder (a restart).</summary>
    public byte[] PatientMasterSecret { get; private init; } = [];

    public static DateTimeOffset InAWeek => DateTimeOffset.UtcNow.AddDays(7);

    public static Task<NodeNetwork> StartAsync(IChainEndpoint chain, CancellationToken ct) =>
        StartAsync(ChainAccess.ForRpc(chain.RpcUrl, chain.ChainId), chain.FundedPrivateKeys, ct);

    /// <summary>Keys 0–3 must be funded: Center, A, B, C.</summary>
    public static async Task<NodeNetwork> StartAsync(ChainAccess access, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var root = Path.Combine(Path.GetTempPath(), "emrshare-nodes-" + Guid.NewGuid().ToString("N"));
        var center = await CenterService.DeployAsync(access, keys[0], ct);
        var directory = new HospitalDirectory();
        var hospitals = new List<HospitalService>();
        foreach (var (name, key) in new[] { ("A", keys[1]), ("B", keys[2]), ("C", keys[3]) })
        {
            var options = new HospitalOptions(name, Path.Combine(root, "hospital-" + name), HospitalKeys.Generate(key), access, center.Addresses, directory);
            var hospital = await HospitalService.OpenAsync(options, ct);
            await center.RegisterHospitalAsync(hospital.Address, hospital.Keys.EncryptionPublicKey, "Hospital " + name, ct);
            foreach (var practitioner in hospital.Keys.PractitionerAddresses)
            {
                await center.RegisterPractitionerAsync(practitioner, hospital.Address, ct);
            }

            directory.Add(new HospitalContact(hospital.Address, new InProcessHospitalEndpoint(hospital), hospital.Store));
            hospitals.Add(hospital);
        }

        var identity = TestIdentities.Create(hospitals.Select(h => h.Address));
        var masterSecret = identity.ExportMasterSecret();
        var wallet = await PatientWallet.OpenAsync(Path.Combine(root, "patient"), identity, access, center.Addresses, TimeProvider.System, ct);
        await center.RegisterPatientsAsync([wallet.RegistrationRequest(hospitals.Select(h => h.Address))], 1m, ct);
        return new NodeNetwork(root, access, center, directory, hospitals[0], hospitals[1], hospitals[2], wallet) { PatientMasterSecret = masterSecret };
    }

    public IHospitalEndpoint EndpointOf(HospitalService hospital) => Directory.Resolve(hospital.Address).Endpoint;

    public Task<PatientVisit> VisitAsync(HospitalService hospital, CancellationToken ct) =>
        Patient.BeginVisitAsync(EndpointOf(hospital), hospital.Address, ct);

    /// <summary>Visit A, create the sample record, let the wallet collect it (index anchored).</summary>
    public async Task<(PatientVisit Visit, RecordCreated Record)> RecordAtAAsync(CancellationToken ct)
    {
        var visit = await VisitAsync(A, ct);
        var record = await A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", A.Keys.PractitionerAddresses[0], ct);
        await Patient.CollectRecordsAsync(visit, ct);
        return (visit, record);
    }

    /// <summary>
    /// Opens a stopped hospital again on its own folder and keys (a node restart) and points the directory at the
    /// new instance; it is disposed with the network.
    /// </summary>
    public async Task<HospitalService> ReopenAsync(HospitalService stopped, CancellationToken ct, Func<HospitalOptions, HospitalOptions>? configure = null)
    {
        var options = new HospitalOptions(stopped.Name, Path.Combine(Root, "hospital-" + stopped.Name), stopped.Keys, Access, Center.Addresses, Directory);
        var hospital = await HospitalService.OpenAsync(configure is null ? options : configure(options), ct);
        _reopened.Add(hospital);
        Directory.Add(new HospitalContact(hospital.Address, new InProcessHospitalEndpoint(hospital), hospital.Store));
        return hospital;
    }

    public async Task<int> ReceivedCountAsync(HospitalService hospital, CancellationToken ct) =>
        (await hospital.Database.ListRecordsAsync(ct)).Count(r => r.Origin == "received");

    public async ValueTask DisposeAsync()
    {
        Patient.Dispose();
        foreach (var h in _reopened.Concat([A, B, C]))
        {
            await h.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind; it must not fail the test.
        }
    }
}
