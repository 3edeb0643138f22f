using System.Collections.Concurrent;
using System.Diagnostics;

namespace EmrShare.TestSupport;

/// <summary>
/// A child process a test fixture started itself: output is captured for diagnostics, and disposal stops
/// exactly this process (and its children) by its process id — never anything by name.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly bool _keepAllOutput;

    private ManagedProcess(Process process, bool keepAllOutput)
    {
        _process = process;
        _keepAllOutput = keepAllOutput;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Last lines the process printed (stdout and stderr), for failure messages.</summary>
    public string RecentOutput => string.Join('\n', _output.TakeLast(60));

    /// <summary>
    /// The lines printed so far (stdout and stderr, in arrival order): every line when started with
    /// <c>keepAllOutput</c> (a test that counts the child's output lines), else only the last 500.
    /// </summary>
    public IReadOnlyList<string> Output => [.. _output];

    public static ManagedProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        bool keepAllOutput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName);
        var managed = new ManagedProcess(process, keepAllOutput);
        process.OutputDataReceived += (_, e) => managed.Record(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Waits until <paramref name="isReady"/> succeeds, failing fast if the process dies first.</summary>
    public async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> isReady, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"process {_process.Id} exited with {_process.ExitCode} before it was ready:\n{RecentOutput}");
            }

            try
            {
                if (await isReady(cts.Token))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cts.IsCancellationRequested)
            {
                // not listening yet
            }

            try
            {
                await Task.Delay(100, cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"process {_process.Id} not ready after {timeout}:\n{RecentOutput}");
            }
        }
    }

    /// <summary>Waits until the process exits and returns its exit code, after its output has been read to the end.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Hard kill (SIGKILL) of this process tree, as a crash test needs.</summary>
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

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (!_keepAllOutput && _output.Count > 500 && _output.TryDequeue(out _))
        {
        }
    }
}
