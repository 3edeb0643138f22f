using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EmrShare.TestSupport;

/// <summary>
/// A real js-ipfs 0.66.1 daemon (Kubo-compatible RPC API) in its own temporary repo, bound to loopback free
/// ports with routing and preload off, so it never leaves the machine. Stopped by process id on disposal.
/// </summary>
public sealed class JsIpfsNode : IAsyncDisposable
{
    private readonly ManagedProcess _daemon;

    private JsIpfsNode(ManagedProcess daemon, string repoPath, Uri apiAddress)
    {
        _daemon = daemon;
        RepoPath = repoPath;
        ApiAddress = apiAddress;
    }

    /// <summary>RPC base address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri ApiAddress { get; }

    public string RepoPath { get; }

    public int ProcessId => _daemon.Id;

    public string RecentOutput => _daemon.RecentOutput;

    public static async Task<JsIpfsNode> StartAsync(CancellationToken cancellationToken)
    {
        var cli = Path.Combine(RepoPaths.NodeModules, "ipfs", "src", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException("js-ipfs not installed; run ./build.sh setup (npm ci)");
        }

        var repo = Path.Combine(Path.GetTempPath(), "emrshare-jsipfs-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string> { ["IPFS_PATH"] = repo };
        await InitAsync(cli, repo, cancellationToken);

        var apiPort = FreePort.Next();
        var configPath = Path.Combine(repo, "config");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath, cancellationToken))!.AsObject();
        var addresses = config["Addresses"]!.AsObject();
        addresses["API"] = $"/ip4/127.0.0.1/tcp/{apiPort}";
        addresses["Gateway"] = $"/ip4/127.0.0.1/tcp/{FreePort.Next()}";
        addresses["RPC"] = $"/ip4/127.0.0.1/tcp/{FreePort.Next()}";
        addresses["Swarm"] = new JsonArray($"/ip4/127.0.0.1/tcp/{FreePort.Next()}");
        config["Routing"] = new JsonObject { ["Type"] = "none" };
        config["Bootstrap"] = new JsonArray();
        await File.WriteAllTextAsync(configPath, config.ToJsonString(), cancellationToken);

        var daemon = ManagedProcess.Start(RepoPaths.Node20, [cli, "daemon", "--enable-preload=false"], environment: environment);
        var api = new Uri($"http://127.0.0.1:{apiPort}/");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await daemon.WaitUntilAsync(
                async ct =>
                {
                    using var response = await http.PostAsync(new Uri(api, "api/v0/version"), null, ct);
                    return response.IsSuccessStatusCode;
                },
                TimeSpan.FromSeconds(90),
                cancellationToken);
        }
        catch
        {
            await daemon.DisposeAsync();
            TryDelete(repo);
            throw;
        }

        return new JsIpfsNode(daemon, repo, api);
    }

    public async ValueTask DisposeAsync()
    {
        await _daemon.DisposeAsync();
        TryDelete(RepoPath);
    }

    private static async Task InitAsync(string cli, string repo, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(RepoPaths.Node20)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { cli, "init", "--profile", "test" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["IPFS_PATH"] = repo;
        using var init = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        var stdout = init.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = init.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await init.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            init.Kill(entireProcessTree: true);
            throw new TimeoutException("js-ipfs init did not finish within 60 s");
        }

        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"js-ipfs init failed ({init.ExitCode}): {await stdout}\n{await stderr}");
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
