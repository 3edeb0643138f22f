using System.Globalization;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// <c>emrshare store serve</c> as a child process on a fixed loopback port and data folder, so a test can kill it
/// with SIGKILL (by its process id) and start it again on the same database and address.
/// </summary>
internal sealed class BlobStoreNode : IAsyncDisposable
{
    private ManagedProcess? _process;

    public BlobStoreNode(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Port = FreePort.Next();
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The Kubo-compatible API base a hospital's <c>KuboBlobStore</c> is pointed at.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the store and waits for its <c>ready:</c> line (which it prints once it listens).</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("already started");
        }

        var process = ManagedProcess.Start("dotnet",
            [EmrshareCli.Dll, "store", "serve", "--data", DataDirectory, "--port", Port.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string> { ["COLUMNS"] = "200" });
        _process = process;
        await process.WaitUntilAsync(_ => Task.FromResult(process.RecentOutput.Contains("ready:", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), ct);
        Assert.Contains("store: " + Url, process.RecentOutput, StringComparison.Ordinal);
    }

    /// <summary>SIGKILL (kill -9) of this child only, by its process id; waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            _process.Kill();
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
