using EmrShare.Core.IO;
using System.Security.Cryptography;
using System.Text;
using EmrShare.Core;
using EmrShare.Core.Identity;
using EmrShare.Core.Keys;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using Nethereum.Signer;

namespace EmrShare.Cli.Commands;

/// <summary>How <see cref="DemoWebNetwork"/> (the browser tests' in-process network) starts.</summary>
/// <param name="DataDirectory">Empty or new folder; every actor gets its own sub-folder.</param>
public sealed record DemoWebOptions(string DataDirectory)
{
    /// <summary>Center = base, hospital A = base+1, hospital B = base+2, patient = base+3; 0 = free ports.</summary>
    public int PortBase { get; init; }

    /// <summary>
    /// Register both hospitals, their practitioners and the patient, and put a record at A (the demo). Off, the
    /// network starts blank and registration is done through the Center's forms (the browser tests do this).
    /// </summary>
    public bool LoadDemoData { get; init; } = true;

    /// <summary>k: the Center's enrolment round size (patients queued before a round registers them together).</summary>
    public int EnrolmentRoundSize { get; init; } = 16;

    /// <summary>scrypt cost of the patient keystore; the standard value makes each wallet unlock take about a second.</summary>
    public int KeystoreScryptN { get; init; } = 262_144;
}

/// <summary>
/// The sign-in details printed by <c>emrshare demo --web</c> and used by the browser tests (demo only: generated fresh per run, a different password
/// for every account, so one account's password never opens another's).
/// </summary>
public sealed record DemoWebCredentials(
    string CenterUser,
    string CenterPassword,
    string ClinicianA,
    string ClinicianAPassword,
    string ClinicianB,
    string ClinicianBPassword,
    string AdminA,
    string AdminAPassword,
    string AdminB,
    string AdminBPassword,
    string PatientPassphrase)
{
    /// <summary>Fresh credentials: the demo's user names, a different random password for each account.</summary>
    public static DemoWebCredentials Generate() => new(
        "admin", NewPassword(), "dr.alvarez", NewPassword(), "dr.baker", NewPassword(), "admin.a", NewPassword(), "admin.b", NewPassword(), NewPassword());

    /// <summary>16 characters from 96 random bits (letters and digits only, so it stays copyable).</summary>
    public static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
}

/// <summary>
/// The whole demo network in one process with its four dashboards: the embedded ledger, the Center, hospitals A
/// and B (each with its own data folder, staff accounts and web app) and one patient wallet in a passphrase
/// keystore, wired directly (in-process hospital endpoints, shared display names). Only the browser tests start it
/// now (blank, so their story registers hospitals through the Center's forms); <c>emrshare demo --web</c> runs the
/// deployment's hosts instead (<see cref="DemoHosts"/>).
/// </summary>
public sealed class DemoWebNetwork : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private PatientWallet? _wallet;
    private EnrolmentQueue? _enrolment;

    private DemoWebNetwork(DemoWebCredentials credentials) => Credentials = credentials;

    public DemoWebCredentials Credentials { get; }

    public CenterService Center { get; private set; } = null!;

    /// <summary>Hospital and practitioner names shared by the four apps, standing in for the Center's published directory.</summary>
    public EmrShare.Web.Hosting.DisplayNames Names { get; } = new();

    public HospitalService HospitalA { get; private set; } = null!;

    public HospitalService HospitalB { get; private set; } = null!;

    public PatientWallet Wallet => _wallet!;

    public EmrShareWebApp CenterWeb { get; private set; } = null!;

    public EmrShareWebApp HospitalAWeb { get; private set; } = null!;

    public EmrShareWebApp HospitalBWeb { get; private set; } = null!;

    public EmrShareWebApp PatientWeb { get; private set; } = null!;

    /// <summary>The Center's enrolment queue (in its folder), which the Center dashboard enqueues into.</summary>
    public EnrolmentQueue Enrolment => _enrolment!;

    /// <summary>
    /// The forced early round that enrolled the demo's one patient when demo data is loaded: a round of 1, below k,
    /// which a real deployment would not run (it waits for k patients); printed as such.
    /// </summary>
    public EnrolmentRound? DemoEnrolment { get; private set; }

    /// <summary>The record created at A when demo data is loaded.</summary>
    public RecordId? DemoRecord { get; private set; }

    public static async Task<DemoWebNetwork> StartAsync(DemoWebOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var network = new DemoWebNetwork(DemoWebCredentials.Generate());
        try
        {
            await network.BuildAsync(options, cancellationToken).ConfigureAwait(false);
            return network;
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task BuildAsync(DemoWebOptions options, CancellationToken ct)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        PrivateFiles.CreateDirectory(data);
        var chain = await DemoChain.OpenAsync(data, null, Ledger.LedgerOptions.DefaultChainId, ct).ConfigureAwait(false);
        _owned.Add(chain);
        Center = await CenterService.DeployAsync(chain.Access, DemoChain.Keys[0], ct).ConfigureAwait(false);
        _enrolment = await EnrolmentQueue.OpenAsync(Path.Combine(data, "center"), Center, new EnrolmentPolicy(options.EnrolmentRoundSize), TimeProvider.System, ct)
            .ConfigureAwait(false);

        var directory = new DemoWebDirectory();
        HospitalA = await OpenHospitalAsync("A", DemoChain.Keys[1], chain, directory, data, ct).ConfigureAwait(false);
        HospitalB = await OpenHospitalAsync("B", DemoChain.Keys[2], chain, directory, data, ct).ConfigureAwait(false);

        // The wallet's master secret lives only in the passphrase keystore; signing in to the patient page proves the passphrase.
        var patientFolder = Path.Combine(data, "patient");
        var keyStore = new FileKeyStore(Path.Combine(patientFolder, "keystore"), options.KeystoreScryptN);
        var identity = PatientIdentity.Create();
        var secret = identity.ExportMasterSecret();
        try
        {
            await keyStore.SaveAsync("master", new EthECKey(secret, true), Credentials.PatientPassphrase, ct).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        _wallet = await PatientWallet.OpenAsync(patientFolder, identity, chain.Access, Center.Addresses, TimeProvider.System, ct).ConfigureAwait(false);

        if (options.LoadDemoData)
        {
            await LoadDemoDataAsync(directory, ct).ConfigureAwait(false);
        }

        var centerAccounts = await AccountStore.OpenAsync(Path.Combine(data, "center", "web-accounts.db"), ct).ConfigureAwait(false);
        await centerAccounts.SaveAsync(Credentials.CenterUser, Credentials.CenterPassword, Roles.CenterAdmin, null, ct).ConfigureAwait(false);
        // The Center serves the embedded ledger's JSON-RPC at /rpc, as `center serve` does: the phone wallet reads the chain there.
        var rpc = chain.Ledger is { } ledger ? new EmrShare.Ledger.Rpc.LedgerRpcHandler(ledger, limits: EmrShare.Ledger.Rpc.RpcServerLimits.Served()) : null;
        CenterWeb = await StartWebAsync(new CenterActor(Center, centerAccounts, Enrolment) { Names = Names, LedgerRpc = rpc }, options, 0, ct).ConfigureAwait(false);
        HospitalAWeb = await StartHospitalWebAsync(HospitalA, (Credentials.ClinicianA, Credentials.ClinicianAPassword), (Credentials.AdminA, Credentials.AdminAPassword), data, options, 1, ct).ConfigureAwait(false);
        HospitalBWeb = await StartHospitalWebAsync(HospitalB, (Credentials.ClinicianB, Credentials.ClinicianBPassword), (Credentials.AdminB, Credentials.AdminBPassword), data, options, 2, ct).ConfigureAwait(false);
        PatientWeb = await StartWebAsync(new PatientActor(Wallet, keyStore, "master", directory, Center) { Names = Names }, options, 3, ct).ConfigureAwait(false);
    }

    private async Task<HospitalService> OpenHospitalAsync(string name, string key, DemoChain chain, DemoWebDirectory directory, string data, CancellationToken ct)
    {
        var hospital = await HospitalService.OpenAsync(
            new HospitalOptions(name, Path.Combine(data, "hospital-" + name), HospitalKeys.Generate(key), chain.Access, Center.Addresses, directory), ct).ConfigureAwait(false);
        _owned.Add(hospital);
        directory.Add(new HospitalContact(hospital.Address, new InProcessHospitalEndpoint(hospital), hospital.Store));

        // Practitioners send break-glass reads themselves, so they need a little gas from the hospital's account.
        await hospital.FundPractitionersAsync(0.5m, ct).ConfigureAwait(false);
        return hospital;
    }

    private async Task LoadDemoDataAsync(DemoWebDirectory directory, CancellationToken ct)
    {
        foreach (var hospital in new[] { HospitalA, HospitalB })
        {
            await Center.RegisterHospitalAsync(hospital.Address, hospital.Keys.EncryptionPublicKey, "Hospital " + hospital.Name, ct).ConfigureAwait(false);
            await Center.RegisterPractitionerAsync(hospital.Keys.PractitionerAddresses[0], hospital.Address, ct).ConfigureAwait(false);
            Names.Add(hospital.Address.ToString(), "Hospital " + hospital.Name);
            Names.Add(hospital.Keys.PractitionerAddresses[0].ToString(), "Practitioner at Hospital " + hospital.Name);
        }

        // The demo has one patient, so it cannot wait for k: it forces a round below k, and says so.
        await Enrolment.EnqueueAsync(Wallet.RegistrationRequest([HospitalA.Address, HospitalB.Address]), ct).ConfigureAwait(false);
        DemoEnrolment = await Enrolment.EnrolNowAsync(belowRoundSize: true, ct).ConfigureAwait(false);
        using var visit = await Wallet.BeginVisitAsync(directory.Resolve(HospitalA.Address).Endpoint, HospitalA.Address, ct).ConfigureAwait(false);
        var created = await HospitalA.CreateRecordAsync(visit.LocalPatientId, Encoding.UTF8.GetBytes(DemoWebSample.Json), "application/fhir+json",
            HospitalA.Keys.PractitionerAddresses[0], ct).ConfigureAwait(false);
        await Wallet.CollectRecordsAsync(visit, ct).ConfigureAwait(false);
        DemoRecord = created.RecordId;
    }

    private async Task<EmrShareWebApp> StartHospitalWebAsync(
        HospitalService hospital, (string User, string Password) clinician, (string User, string Password) admin, string data, DemoWebOptions options, int offset, CancellationToken ct)
    {
        var accounts = await AccountStore.OpenAsync(Path.Combine(data, "hospital-" + hospital.Name, "web-accounts.db"), ct).ConfigureAwait(false);
        await accounts.SaveAsync(clinician.User, clinician.Password, Roles.Clinician, 0, ct).ConfigureAwait(false);
        await accounts.SaveAsync(admin.User, admin.Password, Roles.HospitalAdmin, null, ct).ConfigureAwait(false);
        return await StartWebAsync(new HospitalActor(hospital, accounts) { Names = Names }, options, offset, ct).ConfigureAwait(false);
    }

    private async Task<EmrShareWebApp> StartWebAsync(WebActor actor, DemoWebOptions options, int offset, CancellationToken ct)
    {
        var app = await EmrShareWebApp.StartAsync(actor, new WebAppOptions { Port = options.PortBase == 0 ? 0 : options.PortBase + offset }, ct).ConfigureAwait(false);
        _owned.Add(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        // Web apps first, then hospitals, then the chain: reverse order of start.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().ConfigureAwait(false);
        }

        _owned.Clear();
        _enrolment?.Dispose();
        _wallet?.Dispose();
    }
}
