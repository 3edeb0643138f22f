using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>A record the custodian created, with the plaintext the grantee's copy must decrypt to.</summary>
internal sealed record SharedRecord(RecordId RecordId, byte[] Content);

/// <summary>A patient with records at custodian A and an open visit (session) at grantee B, through which it grants.</summary>
internal sealed record SharePatient(PatientWallet Wallet, PatientVisit VisitAtB, ChainAddress PseudonymAtA, IReadOnlyList<SharedRecord> Records);

/// <summary>
/// A deployment for share faults: Center, custodian hospital A (dev key 1; its folder can be reopened by another
/// process from <see cref="AKeyArguments"/>), grantee hospital B (dev key 2, in this process) and several patients,
/// each with records at A. A is closed at the end of set-up; the test opens it in process or as a child process.
/// </summary>
internal sealed class ShareScenario : IAsyncDisposable
{
    private ShareScenario(ChainAccess access, EmrShareAddresses addresses, HospitalDirectory directory, string aFolder, HospitalKeys aKeys, string[] aKeyHex, HospitalService b, IReadOnlyList<SharePatient> patients)
    {
        Access = access;
        Addresses = addresses;
        Directory = directory;
        AFolder = aFolder;
        AKeys = aKeys;
        AKeyArguments = aKeyHex;
        B = b;
        Patients = patients;
    }

    public ChainAccess Access { get; }

    public EmrShareAddresses Addresses { get; }

    /// <summary>How B reaches A (endpoint and blob store); the test points it at A's current instance.</summary>
    public HospitalDirectory Directory { get; }

    public string AFolder { get; }

    public HospitalKeys AKeys { get; }

    public ChainAddress AAddress => AKeys.Address;

    /// <summary>A's account, encryption and practitioner keys as hex, for a child process's command line.</summary>
    public IReadOnlyList<string> AKeyArguments { get; }

    public HospitalService B { get; }

    public IReadOnlyList<SharePatient> Patients { get; }

    /// <summary>A's contract deployment as the host's <c>--addresses</c> argument.</summary>
    public string AddressArgument => string.Join(',', Addresses.Registry, Addresses.Records, Addresses.Index, Addresses.AccessControl);

    public IReadOnlyDictionary<RecordId, byte[]> Originals => Patients.SelectMany(p => p.Records).ToDictionary(r => r.RecordId, r => r.Content);

    /// <summary>A binding for read-only contract calls and log queries.</summary>
    public IEmrShareChain Reader => Access.Bind(AKeyArguments[0], Addresses);

    public static async Task<ShareScenario> SetUpAsync(ChainAccess access, IReadOnlyList<string> devKeys, string root, int patientCount, int recordsEach, TimeSpan fulfilmentTimeout, CancellationToken ct)
    {
        var center = await CenterService.DeployAsync(access, devKeys[0], ct);
        var directory = new HospitalDirectory();
        string[] aKeyHex = [devKeys[1], HexBytes.ToHex(HospitalKeys.NewSigningKey()), HexBytes.ToHex(HospitalKeys.NewSigningKey())];
        var aKeys = new HospitalKeys(aKeyHex[0], aKeyHex[1], [aKeyHex[2]]);
        var aFolder = Path.Combine(root, "hospital-A");
        var a = await HospitalService.OpenAsync(new HospitalOptions("A", aFolder, aKeys, access, center.Addresses, directory), ct);
        var b = await HospitalService.OpenAsync(new HospitalOptions("B", Path.Combine(root, "hospital-B"), HospitalKeys.Generate(devKeys[2]), access, center.Addresses, directory)
        {
            // Bounded waits: with A down, a share ends in FulfilmentTimeoutException instead of blocking a load loop.
            FulfilmentTimeout = fulfilmentTimeout,
        }, ct);
        var patients = new List<SharePatient>();
        try
        {
            foreach (var hospital in new[] { a, b })
            {
                await center.RegisterHospitalAsync(hospital.Address, hospital.Keys.EncryptionPublicKey, "Hospital " + hospital.Name, ct);
                await center.RegisterPractitionerAsync(hospital.Keys.PractitionerAddresses[0], hospital.Address, ct);
                directory.Add(new HospitalContact(hospital.Address, new InProcessHospitalEndpoint(hospital), hospital.Store));
            }

            for (var p = 0; p < patientCount; p++)
            {
                patients.Add(await AdmitAsync(access, center, a, b, Path.Combine(root, "patient-" + p), p, recordsEach, ct));
            }
        }
        finally
        {
            await a.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        return new ShareScenario(access, center.Addresses, directory, aFolder, aKeys, aKeyHex, b, patients);
    }

    /// <summary>Opens A in this process (watcher on; its own chain access if given) and points B's directory at it.</summary>
    public async Task<HospitalService> OpenAInProcessAsync(CancellationToken ct, ChainAccess? access = null)
    {
        var a = await HospitalService.OpenAsync(new HospitalOptions("A", AFolder, AKeys, access ?? Access, Addresses, new HospitalDirectory()), ct);
        Directory.Add(new HospitalContact(a.Address, new InProcessHospitalEndpoint(a), a.Store));
        return a;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var patient in Patients)
        {
            patient.VisitAtB.Dispose();
            patient.Wallet.Dispose();
        }

        await B.DisposeAsync();
    }

    private static async Task<SharePatient> AdmitAsync(ChainAccess access, CenterService center, HospitalService a, HospitalService b, string folder, int index, int recordsEach, CancellationToken ct)
    {
        var wallet = await PatientWallet.OpenAsync(folder, TestIdentities.Create([a.Address, b.Address]), access, center.Addresses, TimeProvider.System, ct);
        await center.RegisterPatientsAsync([wallet.RegistrationRequest([a.Address, b.Address])], 0m, ct);
        var records = new List<SharedRecord>();
        using (var visitA = await wallet.BeginVisitAsync(new InProcessHospitalEndpoint(a), a.Address, ct))
        {
            for (var n = 0; n < recordsEach; n++)
            {
                // Distinct content per record, so a copy decrypting to another record's plaintext cannot pass.
                var content = SampleRecords.HbA1cBundle(5m + index + (n / 100m));
                var created = await a.CreateRecordAsync(visitA.LocalPatientId, content, "application/fhir+json", a.Keys.PractitionerAddresses[0], ct);
                records.Add(new SharedRecord(created.RecordId, content));
            }
        }

        var visitB = await wallet.BeginVisitAsync(new InProcessHospitalEndpoint(b), b.Address, ct);
        return new SharePatient(wallet, visitB, wallet.PseudonymAt(a.Address).Address, records);
    }
}
