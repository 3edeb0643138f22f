using System.Diagnostics;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>Runs the real <c>emrshare</c> executable to completion (bounded to 90 s) and returns its exit code and output.</summary>
internal static class EmrshareCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "emrshare.dll");

    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        var (exitCode, stdout, stderr) = await RunAsync(arguments, workingDirectory: null, ct);
        return (exitCode, stdout + stderr);
    }

    /// <summary>
    /// The same, in <paramref name="workingDirectory"/>, with stdout and stderr apart. The passphrase variable is
    /// removed so a test only ever passes the passphrase it means to (by file).
    /// </summary>
    // environment: variables set for this child only (never on the test process: parallel tests' children would inherit them).
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, string? workingDirectory, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Wide enough that Spectre does not wrap the lines tests look for.
        info.Environment["COLUMNS"] = "200";
        info.Environment.Remove("EMRSHARE_PASSPHRASE");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start emrshare");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
