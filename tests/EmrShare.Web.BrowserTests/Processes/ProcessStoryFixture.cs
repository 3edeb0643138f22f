using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EmrShare.TestSupport;
using EmrShare.TestSupport.Hosts;
using Microsoft.Playwright;

namespace EmrShare.Web.BrowserTests.Processes;

/// <summary>
/// The deployment the process story runs against, each actor its own OS process started from the real CLI, as an
/// operator starts them (docs/deployment.md): <c>center serve --config</c> on 127.0.0.2, <c>hospital serve --config</c>
/// for A and B on 127.0.0.3 and 127.0.0.4, and the patient's <c>wallet serve --config</c> on 127.0.0.5, all over HTTPS
/// with certificates from the test's consortium CA (the processes check each other against it). Set up with the CLI's
/// own first-run commands: <c>init</c> for each actor, <c>admin create</c> (passwords from files) for the Center and
/// each hospital, <c>center fund</c> for the hospitals' gas. Nothing is registered: the hospitals start waiting for
/// their registration, which the story does through the Center's forms. The wallet starts once the story has
/// registered them (<see cref="StartWalletAsync"/>), so it loads their names from the Center's directory at start.
/// Chromium trusts exactly these hosts' certificate keys (<c>--ignore-certificate-errors-spki-list</c>), nothing
/// else. Disposal stops every process by its pid (<see cref="Consortium"/>).
/// </summary>
public sealed class ProcessStoryFixture : IAsyncLifetime
{
    private const string PatientFolder = "wallet";
    private readonly List<string> _pins = [];
    private LeafCertificate? _walletLeaf;
    private IPlaywright? _playwright;

    internal Consortium Net { get; } = new();

    internal ActorProcess Center { get; private set; } = null!;

    internal ActorProcess HospitalA { get; private set; } = null!;

    internal ActorProcess HospitalB { get; private set; } = null!;

    internal ActorProcess Wallet { get; private set; } = null!;

    internal string AddressA { get; private set; } = string.Empty;

    internal string AddressB { get; private set; } = string.Empty;

    /// <summary>The Center's first admin and the hospitals' first admins (made with <c>admin create</c>), a different password each.</summary>
    internal (string User, string Password) CenterAdmin { get; } = ("center.admin", NewPassword());

    internal (string User, string Password) AdminA { get; } = ("admin.a", NewPassword());

    internal (string User, string Password) AdminB { get; } = ("admin.b", NewPassword());

    /// <summary>The patient's keystore passphrase (what the wallet's sign-in asks for).</summary>
    internal string PatientPassphrase => File.ReadAllText(Net.PassphraseFile).Trim();

    internal IBrowser Browser { get; private set; } = null!;

    private string DeploymentFile => Path.Combine(Net.Folder("center"), "deployment.json");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await StartAsync(ct);
        }
        catch
        {
            await Net.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads a hospital's identity file (what its operator hands the Center's admin).</summary>
    internal string IdentityFile(string hospital) => File.ReadAllText(Path.Combine(Net.Folder("hospital-" + hospital), "hospital.json"));

    /// <summary>Starts the patient's self-hosted wallet (<c>wallet serve --config</c>) over its <c>patient init</c> folder.</summary>
    internal async Task StartWalletAsync(CancellationToken ct)
    {
        var port = FreePort.Next();
        var listen = new Uri($"https://{Consortium.WalletAddress}:{port.ToString(CultureInfo.InvariantCulture)}/");
        var config = Net.WalletConfig(PatientFolder, listen, _walletLeaf!, DeploymentFile, Center.BaseUrl);
        Wallet = Net.AddActor(PatientFolder, Consortium.WalletAddress, port, ["wallet", "serve", "--config", config], https: true, hasReadiness: true);
        await Wallet.StartAsync(ct);
    }

    /// <summary>A fresh browser context (own cookies) on one actor's own origin; phone = 390×844 like the patient's device.</summary>
    internal async Task<IPage> OpenAsync(ActorProcess actor, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = actor.BaseUrl.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Net.DisposeAsync();
    }

    private async Task StartAsync(CancellationToken ct)
    {
        (await Net.ActorAsync("center", "center", "init", ["--scrypt-n", Consortium.TestScryptN], ct)).EnsureOk();
        await AdminAsync("center", "center", CenterAdmin, ct);
        var centerPort = FreePort.Next();
        var centerUrl = new Uri($"https://{Consortium.CenterAddress}:{centerPort.ToString(CultureInfo.InvariantCulture)}/");
        var centerConfig = Net.CenterConfig("center", centerUrl, Leaf(Consortium.CenterAddress, "center"));
        Center = Net.AddActor("center", Consortium.CenterAddress, centerPort, ["center", "serve", "--config", centerConfig], https: true, hasReadiness: true);
        await Center.StartAsync(ct);

        (AddressA, AddressB) = (await InitHospitalAsync("A", AdminA, ct), await InitHospitalAsync("B", AdminB, ct));
        (await Net.ActorAsync("patient", PatientFolder, "init", ["--scrypt-n", Consortium.TestScryptN, "--deployment", DeploymentFile], ct)).EnsureOk();

        // Not registered yet: each hospital serves and waits for its registration (readyz 503 until it has published).
        HospitalA = AddHospital("hospital-A", Consortium.HospitalAAddress);
        HospitalB = AddHospital("hospital-B", Consortium.HospitalBAddress);
        await Task.WhenAll(HospitalA.StartAsync(ct), HospitalB.StartAsync(ct));
        _walletLeaf = Leaf(Consortium.WalletAddress, PatientFolder);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = [.. DashboardFixture.ChromiumArgs, "--ignore-certificate-errors-spki-list=" + string.Join(',', _pins)],
        });
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary><c>hospital init</c> (named "Hospital X"), its first admin, and gas from the Center (<c>center fund</c>); returns its address.</summary>
    private async Task<string> InitHospitalAsync(string name, (string User, string Password) admin, CancellationToken ct)
    {
        var folder = "hospital-" + name;
        var address = (await Net.ActorAsync("hospital", folder, "init", ["--name", "Hospital " + name, "--scrypt-n", Consortium.TestScryptN, "--deployment", DeploymentFile], ct)).EnsureOk().Field("address");
        await AdminAsync("hospital", folder, admin, ct);
        (await Net.ActorAsync("center", "center", "fund", ["--address", address, "--ether", "5"], ct)).EnsureOk();
        return address;
    }

    private async Task AdminAsync(string branch, string folder, (string User, string Password) admin, CancellationToken ct)
    {
        var passwordFile = Net.PathOf(folder + "-admin-password.txt");
        await File.WriteAllTextAsync(passwordFile, admin.Password + "\n", ct);
        (await Net.RunAsync([branch, "admin", "create", "--user", admin.User, "--data", Net.Folder(folder), "--password-file", passwordFile], ct)).EnsureOk();
    }

    private ActorProcess AddHospital(string folder, IPAddress address)
    {
        var port = FreePort.Next();
        var listen = new Uri($"https://{address}:{port.ToString(CultureInfo.InvariantCulture)}/");
        var config = Net.HospitalConfig(folder, listen, Leaf(address, folder), DeploymentFile, new Uri(Center.BaseUrl, "rpc"), peersFile: null, directory: Center.BaseUrl);
        return Net.AddActor(folder, address, port, ["hospital", "serve", "--config", config], https: true, hasReadiness: false);
    }

    /// <summary>A leaf from the consortium CA; its key's SHA-256 SPKI pin is the only certificate chromium accepts besides the others issued here.</summary>
    private LeafCertificate Leaf(IPAddress address, string name)
    {
        var leaf = Net.Ca.IssueLeaf(address, name);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(leaf.CertificatePath));
        _pins.Add(Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())));
        return leaf;
    }

    private static string NewPassword() => "story " + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
}

/// <summary>The process story's classes share one deployment (they run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class ProcessStoryCollection : ICollectionFixture<ProcessStoryFixture>
{
    public const string Name = "process story";
}
