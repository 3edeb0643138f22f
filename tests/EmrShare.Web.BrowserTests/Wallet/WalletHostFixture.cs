using System.Diagnostics;
using EmrShare.ServiceDefaults;
using EmrShare.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// The published wallet (src/EmrShare.Wallet, `dotnet publish -c Release`) served as plain static files by a
/// loopback Kestrel static host: no server code beyond files, as any HTTPS origin would serve it.
/// EMRSHARE_WALLET_DIST points at an already published wwwroot; otherwise the fixture publishes (incremental:
/// cheap when nothing changed) into test-output/wallet.
/// </summary>
public sealed class WalletHostFixture : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _origins = new();
    private WebApplication? _host;

    /// <summary>Lets the wallet's pages connect to <paramref name="origin"/> (a hospital a test started), from the next response on.</summary>
    public void AllowConnect(Uri origin) => _origins[origin.GetLeftPart(UriPartial.Authority)] = true;

    public Uri BaseAddress { get; private set; } = null!;

    public string WebRoot { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        WebRoot = Environment.GetEnvironmentVariable("EMRSHARE_WALLET_DIST") is { Length: > 0 } dist ? dist : await PublishAsync();
        if (!File.Exists(Path.Combine(WebRoot, "index.html")))
        {
            throw new InvalidOperationException($"no published wallet at {WebRoot}");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _host = builder.Build();
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".blat"] = "application/octet-stream";
        var files = new PhysicalFileProvider(WebRoot);
        // The wallet's Content-Security-Policy as a header (its meta copy is in the published index.html); this host
        // serves the wallet alone, so the page may connect to its own origin and to the origins a test allows.
        _host.UseWalletContentSecurityPolicy(WebRoot, () => [.. _origins.Keys]);
        _host.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        _host.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        _host.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
        await _host.StartAsync();
        var address = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(RepoPaths.TestOutput, "wallet");
        var project = Path.Combine(RepoPaths.Root, "src", "EmrShare.Wallet", "EmrShare.Wallet.csproj");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", output, "-nologo", "-v", "q", "-clp:ErrorsOnly", "-p:CompressionEnabled=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("publishing the wallet took more than 12 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the wallet failed: {await stdout}{await stderr}");
        }

        return Path.Combine(output, "wwwroot");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
