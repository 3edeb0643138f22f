using EmrShare.Cli.Commands;
using EmrShare.TestSupport;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(EmrShare.Web.BrowserTests.DashboardFixture))]

namespace EmrShare.Web.BrowserTests;

/// <summary>
/// One blank demo network (ledger, Center, hospitals A and B, patient wallet, four web apps on free loopback
/// ports) started in-process the way <c>emrshare demo --web</c> starts it, and Debian's chromium driven by
/// Playwright. Nothing is registered: the story test registers everything through the Center's forms.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>How every browser test starts Debian's chromium (ENVIRONMENT.md).</summary>
    internal static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _data = Path.Combine(Path.GetTempPath(), "emrshare-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private IPlaywright? _playwright;

    public DemoWebNetwork Network { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots of each dashboard page go (under the repository's test-output folder).</summary>
    public static string ScreenshotFolder => Path.Combine(RepoPaths.TestOutput, "screenshots");

    public async ValueTask InitializeAsync()
    {
        // A low scrypt cost keeps wallet unlocks fast; the keystore format is the standard one.
        Network = await DemoWebNetwork.StartAsync(new DemoWebOptions(_data) { LoadDemoData = false, KeystoreScryptN = 1024 }, CancellationToken.None);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        Assertions.SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A fresh browser (own cookies) on one dashboard; phone = 390×844 like the patient's device.</summary>
    public async Task<IPage> OpenAsync(Uri baseAddress, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
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
        if (Network is not null)
        {
            await Network.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing SQLite connection only leaves a temp folder behind.
        }
    }
}
