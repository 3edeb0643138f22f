using System.Globalization;
using System.Net.Http.Json;
using EmrShare.TestSupport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// The emrshare-ledger executable as a child process on a fixed loopback port and data folder, so a test can
/// kill it with SIGKILL and start it again on the same chain.
/// </summary>
internal sealed class LedgerNode : IAsyncDisposable
{
    private ManagedProcess? _process;

    public LedgerNode(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Port = FreePort.Next();
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public Uri RpcUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not started");

    public async Task StartAsync(CancellationToken ct)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "emrshare-ledger.dll");
        _process = ManagedProcess.Start("dotnet", [host, "--port", Port.ToString(CultureInfo.InvariantCulture), "--data", DataDirectory, "--interval-ms", "0"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await _process.WaitUntilAsync(async token =>
        {
            using var response = await http.PostAsJsonAsync(RpcUrl, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }, token);
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60), ct);
    }

    /// <summary>SIGKILL (kill -9) of this child only, by its process id.</summary>
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
