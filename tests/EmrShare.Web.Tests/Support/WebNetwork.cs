using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Core.Crypto;
using EmrShare.Core.Keys;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Tests.Support;

/// <summary>
/// The whole system behind real web apps: an embedded ledger, the Center, hospitals A, B, C and a patient
/// (<see cref="NodeNetwork"/>), and one Kestrel app on a loopback port per actor — Center, hospital A, hospital
/// B, patient — with staff accounts and a patient keystore. Bearer tokens for every role are fetched once.
/// </summary>
public sealed class WebNetwork : IAsyncLifetime
{
    public const string CenterPassword = "center admin pass";
    public const string StaffPassword = "staff pass";
    public const string PatientPassphrase = "patient passphrase";

    private readonly List<EmrShareWebApp> _apps = [];
    private readonly List<HttpClient> _clients = [];
    private EmbeddedLedger? _ledger;
    private string _root = string.Empty;

    internal NodeNetwork Nodes { get; private set; } = null!;

    /// <summary>The Center app's enrolment queue (k = 16, the default).</summary>
    internal EnrolmentQueue Enrolment { get; private set; } = null!;

    public EmrShareWebApp Center { get; private set; } = null!;

    public EmrShareWebApp HospitalA { get; private set; } = null!;

    public EmrShareWebApp HospitalB { get; private set; } = null!;

    public EmrShareWebApp Patient { get; private set; } = null!;

    /// <summary>Bearer tokens by role name (see <see cref="Role"/>).</summary>
    public IReadOnlyDictionary<Role, string> Tokens => _tokens;

    private readonly Dictionary<Role, string> _tokens = [];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), cancellationToken: ct);
        var access = ChainAccess.ForClient(new InProcessRpcClient(new LedgerRpcHandler(_ledger)), 31337);
        Nodes = await NodeNetwork.StartAsync(access, LedgerOptions.DevPrivateKeys, ct);
        await Nodes.A.FundPractitionersAsync(1m, ct);
        _root = Directory.CreateTempSubdirectory("emrshare-web-").FullName;

        var centerAccounts = await AccountStore.OpenAsync(Path.Combine(_root, "center", "web-accounts.db"), ct);
        await centerAccounts.SaveAsync("admin", CenterPassword, Roles.CenterAdmin, null, ct);
        var aAccounts = await AccountStore.OpenAsync(Path.Combine(_root, "a", "web-accounts.db"), ct);
        await aAccounts.SaveAsync("doc", StaffPassword, Roles.Clinician, 0, ct);
        await aAccounts.SaveAsync("admin", StaffPassword, Roles.HospitalAdmin, 0, ct);
        await aAccounts.SaveAsync("clerk", StaffPassword, Roles.Clinician, null, ct);
        var bAccounts = await AccountStore.OpenAsync(Path.Combine(_root, "b", "web-accounts.db"), ct);
        await bAccounts.SaveAsync("doc", StaffPassword, Roles.Clinician, 0, ct);
        var keys = new FileKeyStore(Path.Combine(_root, "patient-keys"), scryptN: 16);
        await keys.SaveAsync("wallet", PrivateKeys.FromScalar(Secp256k1.NewAccountKey()), PatientPassphrase, ct);

        var options = new WebAppOptions();
        Enrolment = await EnrolmentQueue.OpenAsync(Path.Combine(_root, "center"), Nodes.Center, new EnrolmentPolicy(), TimeProvider.System, ct);
        Center = await StartAsync(new CenterActor(Nodes.Center, centerAccounts, Enrolment), options, ct);
        // Hospital A imports its legacy flat files with the sample column mapping (format=csv).
        var csvMapping = Fhir.Csv.CsvMapping.FromJson(await File.ReadAllTextAsync(Path.Combine(EmrShare.TestSupport.RepoPaths.Root, "samples", "csv", "legacy-general.mapping.json"), ct));
        HospitalA = await StartAsync(new HospitalActor(Nodes.A, aAccounts) { CsvMapping = csvMapping }, options, ct);
        HospitalB = await StartAsync(new HospitalActor(Nodes.B, bAccounts), options, ct);
        Patient = await StartAsync(new PatientActor(Nodes.Patient, keys, "wallet", Nodes.Directory, Nodes.Center), options, ct);

        _tokens[Role.CenterAdmin] = await TokenAsync(Center, "admin", CenterPassword, ct);
        _tokens[Role.Clinician] = await TokenAsync(HospitalA, "doc", StaffPassword, ct);
        _tokens[Role.HospitalAdmin] = await TokenAsync(HospitalA, "admin", StaffPassword, ct);
        _tokens[Role.ClinicianWithoutKey] = await TokenAsync(HospitalA, "clerk", StaffPassword, ct);
        _tokens[Role.ClinicianB] = await TokenAsync(HospitalB, "doc", StaffPassword, ct);
        _tokens[Role.Patient] = await TokenAsync(Patient, null, PatientPassphrase, ct);
    }

    /// <summary>A client for an app, signed in with the role's bearer token (or anonymous for null).</summary>
    public HttpClient Client(EmrShareWebApp app, Role? role)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (role is { } r)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[r]);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>The app a role belongs to.</summary>
    public EmrShareWebApp AppOf(Role role) => role switch
    {
        Role.CenterAdmin => Center,
        Role.ClinicianB => HospitalB,
        Role.Patient => Patient,
        _ => HospitalA,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        Enrolment?.Dispose();
        if (Nodes is not null)
        {
            await Nodes.DisposeAsync();
        }

        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
    }

    private async Task<EmrShareWebApp> StartAsync(WebActor actor, WebAppOptions options, CancellationToken ct)
    {
        var app = await EmrShareWebApp.StartAsync(actor, options, ct);
        _apps.Add(app);
        return app;
    }

    private static async Task<string> TokenAsync(EmrShareWebApp app, string? user, string password, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        using var response = await client.PostAsJsonAsync("api/session/token", new SignInRequest(user, password), ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }
}

/// <summary>The signed-in identities the tests use.</summary>
public enum Role
{
    CenterAdmin,
    Clinician,
    HospitalAdmin,
    ClinicianWithoutKey,
    ClinicianB,
    Patient,
}
