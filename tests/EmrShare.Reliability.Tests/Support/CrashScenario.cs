using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>One acknowledged create as the writer reported it.</summary>
internal sealed record Ack(RecordId RecordId, uint Version, string Cid, Hash32 Commitment);

/// <summary>
/// A deployment with one hospital ("K", dev key 1, fresh encryption and practitioner keys) and one admitted patient,
/// set up in process; the hospital's folder can then be opened by any process with <see cref="Keys"/>.
/// </summary>
internal sealed class CrashScenario
{
    private CrashScenario(ChainAccess access, EmrShareAddresses addresses, string hospitalFolder, string accountKey, string encryptionKey, string practitionerKey, string localPatientId)
    {
        Access = access;
        Addresses = addresses;
        HospitalFolder = hospitalFolder;
        AccountKey = accountKey;
        EncryptionKey = encryptionKey;
        PractitionerKey = practitionerKey;
        LocalPatientId = localPatientId;
    }

    public ChainAccess Access { get; }

    public EmrShareAddresses Addresses { get; }

    public string HospitalFolder { get; }

    public string AccountKey { get; }

    public string EncryptionKey { get; }

    public string PractitionerKey { get; }

    public string LocalPatientId { get; }

    /// <summary>A binding for read-only checks (contract calls send nothing).</summary>
    public IEmrShareChain Reader(ChainAccess access) => access.Bind(AccountKey, Addresses);

    public HospitalKeys Keys => new(AccountKey, EncryptionKey, [PractitionerKey]);

    public static async Task<CrashScenario> SetUpAsync(ChainAccess access, IReadOnlyList<string> devKeys, string root, CancellationToken ct)
    {
        var center = await CenterService.DeployAsync(access, devKeys[0], ct);
        var encryption = HexBytes.ToHex(HospitalKeys.NewSigningKey());
        var practitioner = HexBytes.ToHex(HospitalKeys.NewSigningKey());
        var folder = Path.Combine(root, "hospital-K");
        var keys = new HospitalKeys(devKeys[1], encryption, [practitioner]);
        string localId;
        await using (var hospital = await HospitalService.OpenAsync(new HospitalOptions("K", folder, keys, access, center.Addresses, new HospitalDirectory()), ct))
        {
            await center.RegisterHospitalAsync(hospital.Address, keys.EncryptionPublicKey, "Hospital K", ct);
            await center.RegisterPractitionerAsync(keys.PractitionerAddresses[0], hospital.Address, ct);
            using var wallet = await PatientWallet.OpenAsync(Path.Combine(root, "patient"), TestIdentities.Create([hospital.Address]), access, center.Addresses, TimeProvider.System, ct);
            await center.RegisterPatientsAsync([wallet.RegistrationRequest([hospital.Address])], 0m, ct);
            using var visit = await wallet.BeginVisitAsync(new InProcessHospitalEndpoint(hospital), hospital.Address, ct);
            localId = visit.LocalPatientId;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new CrashScenario(access, center.Addresses, folder, devKeys[1], encryption, practitioner, localId);
    }

    /// <summary>
    /// The hospital as a child process (<c>emrshare-hospital-host</c>) creating records for the patient with
    /// <paramref name="workers"/> parallel loops and printing "ack …" per returned create, until killed.
    /// </summary>
    public TestSupport.ManagedProcess StartCreateLoadProcess(Uri rpc, int workers) =>
        TestSupport.ManagedProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "emrshare-hospital-host.dll"),
            "--rpc", rpc.ToString(), "--data", HospitalFolder, "--account", AccountKey, "--encryption", EncryptionKey,
            "--practitioner", PractitionerKey, "--addresses", string.Join(',', Addresses.Registry, Addresses.Records, Addresses.Index, Addresses.AccessControl),
            "--patient", LocalPatientId, "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ], keepAllOutput: true);

    /// <summary>Waits until the create-load process has acknowledged at least <paramref name="count"/> creates.</summary>
    public static Task WaitForAcksAsync(TestSupport.ManagedProcess host, int count, CancellationToken ct) =>
        host.WaitUntilAsync(_ => Task.FromResult(host.Output.Count(l => l.StartsWith("ack ", StringComparison.Ordinal)) >= count), TimeSpan.FromSeconds(45), ct);

    public Task<HospitalService> OpenHospitalAsync(ChainAccess access, CancellationToken ct) =>
        HospitalService.OpenAsync(new HospitalOptions("K", HospitalFolder, Keys, access, Addresses, new HospitalDirectory()), ct);

    /// <summary>
    /// No acknowledged record lost (row, readable blob, on-chain commitment) and no half state visible: every record
    /// row has its blob and its anchor. Returns how many pinned blobs no row refers to (ciphertext of creates cut
    /// between the blob write and the row; invisible to readers).
    /// </summary>
    public static async Task<int> AssertNothingLostNoHalfStateAsync(HospitalService hospital, IEmrShareChain chain, IReadOnlyCollection<Ack> acks, CancellationToken ct)
    {
        var rows = await hospital.Database.ListRecordsAsync(ct);
        foreach (var ack in acks)
        {
            var row = rows.SingleOrDefault(r => r.RecordId == ack.RecordId.ToString() && r.Version == ack.Version);
            Assert.True(row is not null, $"acknowledged record {ack.RecordId} lost");
            Assert.Equal(ack.Commitment.ToString(), row.Commitment);
            Assert.Equal(ack.Cid, row.Cid);
        }

        foreach (var row in rows)
        {
            var content = await hospital.ReadRecordAsync(RecordId.Parse(row.RecordId), ct);
            Assert.NotEmpty(content.Content);
            var anchored = await chain.Records.GetCommitmentAsync(hospital.Address.ToString(), RecordId.Parse(row.RecordId).ToBytes32(), (uint)row.Version, ct);
            Assert.Equal(row.Commitment, anchored.ToHash32().ToString());
        }

        var referenced = rows.Select(r => r.Cid).ToHashSet(StringComparer.Ordinal);
        var orphans = 0;
        await foreach (var pin in hospital.Store.ListPinsAsync(ct))
        {
            orphans += referenced.Contains(pin.ToString()) ? 0 : 1;
        }

        return orphans;
    }

    public static Ack? ParseAck(string line)
    {
        var parts = line.Split(' ');
        return parts.Length >= 5 && parts[0] == "ack"
            ? new Ack(RecordId.Parse(parts[1]), uint.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), parts[3], Hash32.Parse(parts[4]))
            : null;
    }
}
