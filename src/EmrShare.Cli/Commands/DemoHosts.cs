using System.Net;
using System.Net.Sockets;
using System.Text;
using EmrShare.Cli.Commands.Center;
using EmrShare.Cli.Commands.Hospital;
using EmrShare.Cli.Commands.Patient;
using EmrShare.Cli.Commands.Serve;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core;
using EmrShare.Core.IO;
using EmrShare.Core.Keys;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Deployment;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;

namespace EmrShare.Cli.Commands;

/// <summary>
/// <c>emrshare demo --web</c>: the hosts a deployment runs, wired together on one machine — <c>center serve</c>,
/// <c>hospital serve</c> for A and B and <c>wallet serve</c>, each built by <see cref="ServeHost"/> from a config file the
/// demo writes (<c>&lt;data&gt;/*.json</c>), with its own data folder, its own Kestrel host on its own loopback port
/// (plain HTTP, loopback only) and its own keystore passphrase. They run in this one process: same host code, not
/// separate processes. Set-up follows the runbook: <c>init</c> for each actor, the Center registers and funds the
/// hospitals, each hospital publishes its URL in the Center's directory, where the wallet and the other hospital find it.
/// </summary>
public sealed class DemoHosts : IAsyncDisposable
{
    private readonly List<ServedHost> _hosts = [];

    private DemoHosts(string data, DemoWebCredentials credentials) => (DataFolder, Credentials) = (data, credentials);

    public string DataFolder { get; }

    public DemoWebCredentials Credentials { get; }

    public Uri CenterUrl { get; private set; } = null!;

    public Uri HospitalAUrl { get; private set; } = null!;

    public Uri HospitalBUrl { get; private set; } = null!;

    public Uri PatientUrl { get; private set; } = null!;

    /// <summary>The forced round below k that enrolled the demo's one patient (printed as such).</summary>
    public EnrolmentRound? DemoEnrolment { get; private set; }

    /// <summary>The record created at A for the demo patient.</summary>
    public RecordId? DemoRecord { get; private set; }

    /// <summary>The config file of each host, in start order: what <c>ACTOR serve --config FILE</c> would run.</summary>
    public IReadOnlyList<string> ConfigFiles => [Config("center"), Config("hospital-A"), Config("hospital-B"), Config("wallet")];

    /// <summary>Initialises the four actors in <paramref name="dataDirectory"/> (empty or new), starts their hosts and loads the demo data.</summary>
    /// <param name="dataDirectory">Every actor gets its own folder here, plus its config file and a <c>secrets</c> folder of passphrase files.</param>
    /// <param name="portBase">Center on PORT, A on PORT+1, B on PORT+2, the wallet on PORT+3; 0 = free ports.</param>
    /// <param name="cancellationToken">Stops the set-up; the hosts started so far are stopped.</param>
    public static async Task<DemoHosts> StartAsync(string dataDirectory, int portBase, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(dataDirectory);
        var demo = new DemoHosts(data, DemoWebCredentials.Generate());
        try
        {
            await demo.BuildAsync(portBase, cancellationToken).ConfigureAwait(false);
            return demo;
        }
        catch
        {
            await demo.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task BuildAsync(int portBase, CancellationToken ct)
    {
        PrivateFiles.CreateDirectory(DataFolder);
        PrivateFiles.CreateDirectory(Folder("secrets"));
        // The lowest keystore cost the policy accepts: a demo starts in seconds, a deployment keeps the default.
        var scryptN = KeystorePolicy.TestOnlyWeakAllowed ? 1024 : KeystorePolicy.MinimumScryptN;
        var urls = Enumerable.Range(0, 4).Select(i => new Uri($"http://127.0.0.1:{(portBase == 0 ? FreePort() : portBase + i)}/")).ToArray();
        (CenterUrl, HospitalAUrl, HospitalBUrl, PatientUrl) = (urls[0], urls[1], urls[2], urls[3]);

        // 1. Each actor's 'init', as an operator runs it.
        await DemoCli.RunAsync(new CenterInitCommand(), new CenterInitCommand.Settings { DataDirectory = Folder("center"), PassphraseFile = await SecretAsync("center", ct), ScryptN = scryptN }, "center init", ct).ConfigureAwait(false);
        foreach (var name in new[] { "A", "B" })
        {
            await DemoCli.RunAsync(new HospitalInitCommand(), new HospitalInitCommand.Settings { DataDirectory = Folder("hospital-" + name), PassphraseFile = await SecretAsync("hospital-" + name, ct), Name = name, ScryptN = scryptN },
                $"hospital init ({name})", ct).ConfigureAwait(false);
        }

        await DemoCli.RunAsync(new PatientInitCommand(), new InitSettings { DataDirectory = Folder("wallet"), PassphraseFile = await SecretAsync("wallet", ct, Credentials.PatientPassphrase), ScryptN = scryptN }, "patient init", ct).ConfigureAwait(false);

        // 2. The Center host (sealer, JSON-RPC at /rpc, dashboard, enrolment queue, directory).
        var center = await StartAsync("center", new { Host = HostSection("center", CenterUrl), Center = new { PassphraseFile = Secret("center") } }, CenterHost.OpenAsync, ct).ConfigureAwait(false);
        var deployment = Path.Combine(Folder("center"), DeploymentFile.FileName);

        // 3. The Center registers each hospital (with its practitioners) and funds its account.
        foreach (var name in new[] { "A", "B" })
        {
            var info = Path.Combine(Folder("hospital-" + name), HospitalInfo.FileName);
            var centerCommand = (PassphraseFile: Secret("center"), Data: Folder("center"));
            await DemoCli.RunAsync(new CenterRegisterHospitalCommand(), new CenterRegisterHospitalCommand.Settings { DataDirectory = centerCommand.Data, PassphraseFile = centerCommand.PassphraseFile, InfoFile = info, Name = "Hospital " + name },
                $"center register-hospital ({name})", ct).ConfigureAwait(false);
            var address = (await HospitalInfo.LoadAsync(info, ct).ConfigureAwait(false)).Address;
            await DemoCli.RunAsync(new CenterFundCommand(), new CenterFundCommand.Settings { DataDirectory = centerCommand.Data, PassphraseFile = centerCommand.PassphraseFile, Address = address, Ether = 5m },
                $"center fund ({name})", ct).ConfigureAwait(false);
        }

        // 4. The hospital hosts; each publishes its URL in the Center's directory at start.
        var hospitals = new List<HospitalActor>();
        foreach (var (name, url) in new[] { ("A", HospitalAUrl), ("B", HospitalBUrl) })
        {
            var host = await StartAsync("hospital-" + name, new
            {
                Host = HostSection("hospital-" + name, url),
                // The demo's self-hosted wallet checks in from the web page, without scanning a desk code.
                Hospital = new { PassphraseFile = Secret("hospital-" + name), DeploymentFile = deployment, RemoteCheckIns = "allow" },
                Center = new { DirectoryUrl = CenterUrl },
            }, HospitalHost.OpenAsync, ct).ConfigureAwait(false);
            var hospital = (HospitalActor)host.Actor.Web;
            hospitals.Add(hospital);

            // Practitioners send break-glass reads themselves, so they need a little gas from the hospital's account.
            await hospital.Hospital.FundPractitionersAsync(0.5m, ct).ConfigureAwait(false);
        }

        // 5. The patient's self-hosted wallet, which finds hospitals through the Center's directory.
        var wallet = (PatientActor)(await StartAsync("wallet", new
        {
            Host = HostSection("wallet", PatientUrl),
            Wallet = new { PassphraseFile = Secret("wallet"), DeploymentFile = deployment },
            Center = new { DirectoryUrl = CenterUrl },
        }, WalletHost.OpenAsync, ct).ConfigureAwait(false)).Actor.Web;

        var centerActor = (CenterActor)center.Actor.Web;
        await CreateAccountsAsync(centerActor, hospitals[0], hospitals[1], ct).ConfigureAwait(false);
        await LoadDemoDataAsync(centerActor, hospitals[0], hospitals[1], wallet, ct).ConfigureAwait(false);
    }

    /// <summary>Sign-in accounts, a different generated password each (what <c>admin create</c> and the admin's dashboard make).</summary>
    private async Task CreateAccountsAsync(CenterActor center, HospitalActor a, HospitalActor b, CancellationToken ct)
    {
        var c = Credentials;
        await center.Accounts.SaveAsync(c.CenterUser, c.CenterPassword, Roles.CenterAdmin, null, ct).ConfigureAwait(false);
        await a.Accounts.SaveAsync(c.ClinicianA, c.ClinicianAPassword, Roles.Clinician, 0, ct).ConfigureAwait(false);
        await a.Accounts.SaveAsync(c.AdminA, c.AdminAPassword, Roles.HospitalAdmin, null, ct).ConfigureAwait(false);
        await b.Accounts.SaveAsync(c.ClinicianB, c.ClinicianBPassword, Roles.Clinician, 0, ct).ConfigureAwait(false);
        await b.Accounts.SaveAsync(c.AdminB, c.AdminBPassword, Roles.HospitalAdmin, null, ct).ConfigureAwait(false);
    }

    /// <summary>The patient enrols (one patient, so a forced round below k), visits A over HTTP, A writes a record and the wallet collects it.</summary>
    private async Task LoadDemoDataAsync(CenterActor center, HospitalActor a, HospitalActor b, PatientActor wallet, CancellationToken ct)
    {
        var (hospitalA, hospitalB) = (a.Hospital, b.Hospital);
        await center.Enrolment.EnqueueAsync(wallet.Wallet.RegistrationRequest([hospitalA.Address, hospitalB.Address]), ct).ConfigureAwait(false);
        DemoEnrolment = await center.Enrolment.EnrolNowAsync(belowRoundSize: true, ct).ConfigureAwait(false);
        await wallet.Directory.EnsureKnownAsync(hospitalA.Address, ct).ConfigureAwait(false);
        using var visit = await wallet.Wallet.BeginVisitAsync(wallet.Directory.Resolve(hospitalA.Address).Endpoint, hospitalA.Address, ct).ConfigureAwait(false);
        var created = await hospitalA.CreateRecordAsync(visit.LocalPatientId, Encoding.UTF8.GetBytes(DemoWebSample.Json), "application/fhir+json",
            hospitalA.Keys.PractitionerAddresses[0], ct).ConfigureAwait(false);
        await wallet.Wallet.CollectRecordsAsync(visit, ct).ConfigureAwait(false);
        DemoRecord = created.RecordId;
    }

    private async Task<ServedHost> StartAsync(string actor, object config, ServeOpener open, CancellationToken ct)
    {
        var path = Config(actor);
        await PrivateFiles.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(config, JsonOptions), ct).ConfigureAwait(false);
        var host = await ServeHost.StartAsync(ServeConfig.Load(path, insecureHttp: false, forceInsecureHttp: false), open, static (_, _) => { }, ct).ConfigureAwait(false);
        _hosts.Add(host);
        return host;
    }

    private object HostSection(string actor, Uri url) => new { DataFolder = Folder(actor), Listen = new[] { url }, PublicBaseUrl = url, InsecureHttp = true };

    private string Folder(string actor) => Path.Combine(DataFolder, actor);

    private string Config(string actor) => Path.Combine(DataFolder, actor + ".json");

    private string Secret(string actor) => Path.Combine(Folder("secrets"), actor + ".passphrase");

    private async Task<string> SecretAsync(string actor, CancellationToken ct, string? passphrase = null)
    {
        var path = Secret(actor);
        await PrivateFiles.WriteAllTextAsync(path, (passphrase ?? DemoWebCredentials.NewPassword()) + "\n", ct).ConfigureAwait(false);
        return path;
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // Reverse order of start: the wallet and hospitals stop before the Center and its ledger.
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].DisposeAsync().ConfigureAwait(false);
        }

        _hosts.Clear();
    }
}
