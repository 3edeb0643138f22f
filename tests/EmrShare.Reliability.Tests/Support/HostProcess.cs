using System.Collections.Concurrent;
using System.Diagnostics;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// A child process whose every stdout line is kept (the fault tests count its "ack" lines); stopped only by its
/// own process id (SIGKILL), never by name.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process)
    {
        _process = process;
    }

    public ConcurrentQueue<string> Lines { get; } = new();

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static HostProcess Start(string dll, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + dll);
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host.Lines.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host.Lines.Enqueue("stderr: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until <paramref name="done"/> holds for the lines so far; fails if the process exits or time runs out.</summary>
    public async Task WaitForAsync(Func<IReadOnlyCollection<string>, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (!done(Lines))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"host exited with {_process.ExitCode}:\n{string.Join('\n', Lines.TakeLast(30))}");
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"host not there after {timeout}:\n{string.Join('\n', Lines.TakeLast(30))}");
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>kill -9 of this process (and its children), by id.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
