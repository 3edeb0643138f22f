using System.Diagnostics;

namespace EmrShare.TestSupport.Hosts;

/// <summary>
/// The one way tests run the real <c>emrshare</c>: the published self-contained executable when <c>EMRSHARE_BIN</c>
/// names it (<c>./build.sh publish</c> → artifacts/publish/linux-x64/emrshare), else <c>dotnet emrshare.dll</c> from the
/// test project's output (the same code, framework-dependent; a test project gets it by referencing EmrShare.Cli).
/// Every child gets wide console lines (Spectre does not wrap the lines tests look for) and no passphrase variable
/// (a test passes only the passphrase it means to, by file), plus the variables the caller gives (set on the child
/// only, never on the test process: parallel tests' children would inherit them).
/// </summary>
public static class Emrshare
{
    public static string? PublishedBinary => Environment.GetEnvironmentVariable("EMRSHARE_BIN") is { Length: > 0 } bin ? bin : null;

    /// <summary>emrshare.dll in the test project's output folder.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "emrshare.dll");

    /// <summary>A long-running <c>emrshare</c> (e.g. <c>hospital serve</c>), stopped by the caller by its pid.</summary>
    public static ManagedProcess Start(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (file, prefix) = Command();
        return ManagedProcess.Start(file, [.. prefix, .. arguments], workingDirectory, ChildEnvironment(environment));
    }

    /// <summary>Runs a one-shot command to completion (at most 120 s; then it is killed by pid and this throws).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var (file, prefix) = Command();
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in prefix.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("EMRSHARE_PASSPHRASE");
        foreach (var (key, value) in ChildEnvironment(environment))
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start emrshare");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"emrshare {string.Join(' ', arguments)} did not finish within 120 s");
        }

        return new CliResult(arguments, process.ExitCode, await stdout, await stderr);
    }

    private static (string File, string[] Prefix) Command() =>
        PublishedBinary is { } bin ? (bin, []) : ("dotnet", [Dll]);

    private static Dictionary<string, string> ChildEnvironment(IReadOnlyDictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["COLUMNS"] = "200",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }
}
