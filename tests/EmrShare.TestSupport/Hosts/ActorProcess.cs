using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace EmrShare.TestSupport.Hosts;

/// <summary>
/// One long-running actor (<c>emrshare … serve</c>) as its own OS process on its own address and port, with its own
/// data folder and (for hosts built on the service defaults) its own config file. Start waits for the <c>ready:</c>
/// line and, when <see cref="HasReadiness"/>, for <c>/readyz</c> = 200; stop is SIGTERM by pid (clean shutdown),
/// then a kill by pid if it does not exit; restart is stop + start with the same arguments, address and data.
/// Output of every run is kept for failure messages.
/// </summary>
public sealed class ActorProcess : IAsyncDisposable
{
    private readonly Consortium _consortium;
    private readonly StringBuilder _previousRuns = new();
    private ManagedProcess? _process;

    public ActorProcess(Consortium consortium, string name, IPAddress address, int port, IReadOnlyList<string> arguments, bool https, bool hasReadiness)
    {
        _consortium = consortium;
        Name = name;
        Address = address;
        Port = port;
        Arguments = arguments;
        BaseUrl = new Uri($"{(https ? "https" : "http")}://{address}:{port.ToString(CultureInfo.InvariantCulture)}/");
        HasReadiness = hasReadiness;
    }

    public string Name { get; }

    public IPAddress Address { get; }

    public int Port { get; }

    public Uri BaseUrl { get; }

    /// <summary>The command line after <c>emrshare</c> (e.g. <c>hospital serve --config …</c>).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Whether the process serves <c>/readyz</c> (the Kestrel hosts; not today's <c>center serve</c>).</summary>
    public bool HasReadiness { get; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} is not running");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the process printed, over all its runs (for assertion messages).</summary>
    public string Output => _previousRuns + (_process?.RecentOutput ?? string.Empty);

    public async Task StartAsync(CancellationToken ct)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} already runs as pid {ProcessId}");
        }

        var process = _consortium.Start(Arguments);
        _process = process;
        await process.WaitUntilAsync(_ => Task.FromResult(process.Output.Any(l => l.StartsWith("ready:", StringComparison.Ordinal))), TimeSpan.FromSeconds(90), ct);
        if (HasReadiness)
        {
            await WaitForReadinessAsync(HttpStatusCode.OK, ct);
        }
    }

    /// <summary>Polls <c>/readyz</c> until it answers <paramref name="status"/> (bounded; the time it takes is not asserted).</summary>
    public async Task<string> WaitForReadinessAsync(HttpStatusCode status, CancellationToken ct)
    {
        var body = string.Empty;
        var process = _process ?? throw new InvalidOperationException($"{Name} is not running");
        await process.WaitUntilAsync(async token =>
        {
            using var response = await _consortium.Https.GetAsync(new Uri(BaseUrl, "readyz"), token);
            body = await response.Content.ReadAsStringAsync(token);
            return response.StatusCode == status;
        }, TimeSpan.FromSeconds(90), ct);
        return body;
    }

    /// <summary>SIGTERM by pid and wait for the clean exit; a process still there after 30 s is killed by pid.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (_process is not { } process)
        {
            return;
        }

        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(ct);
            }

            var deadline = Stopwatch.StartNew();
            while (!process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100, ct);
            }
        }

        _previousRuns.AppendLine(CultureInfo.InvariantCulture, $"--- {Name} run (pid {process.Id}) ---").AppendLine(process.RecentOutput);
        await process.DisposeAsync();
        _process = null;
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync(ct);
        await StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await process.DisposeAsync();
            _process = null;
        }
    }

    public override string ToString() => $"{Name} at {BaseUrl}:\n{Output}";
}
