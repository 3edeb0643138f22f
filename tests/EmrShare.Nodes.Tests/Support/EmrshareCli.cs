using System.Diagnostics;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>Runs the real <c>emrshare</c> executable to completion (bounded to 90 s) and returns its exit code and output.</summary>
internal static class EmrshareCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "emrshare.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Wide enough that Spectre does not wrap the lines tests look for.
        info.Environment["COLUMNS"] = "200";
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

        return (process.ExitCode, await stdout + await stderr);
    }
}
