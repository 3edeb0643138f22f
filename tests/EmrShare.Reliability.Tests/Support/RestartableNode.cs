using System.Globalization;
using EmrShare.TestSupport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// A server the fault tests run as a child process on a fixed loopback port and data folder, so a test can kill it
/// with SIGKILL (by its process id) and start it again on the same data and address.
/// </summary>
internal abstract class RestartableNode : IAsyncDisposable
{
    private ManagedProcess? _process;

    protected RestartableNode(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Port = FreePort.Next();
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The node's base URL on the loopback interface.</summary>
    protected Uri LoopbackUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Starts the child and returns once it serves.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("already started");
        }

        _process = Launch();
        await WaitUntilServingAsync(_process, ct);
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

    protected abstract ManagedProcess Launch();

    protected abstract Task WaitUntilServingAsync(ManagedProcess process, CancellationToken ct);
}
