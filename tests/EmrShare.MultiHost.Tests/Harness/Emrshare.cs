using System.Diagnostics;
using EmrShare.Nodes.Tests.Processes;
using EmrShare.TestSupport;

namespace EmrShare.MultiHost.Tests.Harness;

/// <summary>
/// How the harness runs <c>emrshare</c>: the published self-contained executable when <c>EMRSHARE_BIN</c> names it
/// (<c>./build.sh publish</c> → artifacts/publish/linux-x64/emrshare), else <c>dotnet emrshare.dll</c> from this test
/// project's output (the same code, framework-dependent). Every process gets the same environment: wide console
/// lines, no passphrase variable, and the consortium CA as its trust store (<c>SSL_CERT_FILE</c>), as an operator
/// installs the consortium CA on each host.
/// </summary>
internal static class Emrshare
{
    public static string? PublishedBinary => Environment.GetEnvironmentVariable("EMRSHARE_BIN") is { Length: > 0 } bin ? bin : null;

    public static ManagedProcess Start(IEnumerable<string> arguments, string workingDirectory, string trustedCaPem)
    {
        var (file, prefix) = Command();
        return ManagedProcess.Start(file, [.. prefix, .. arguments], workingDirectory, ChildEnvironment(trustedCaPem));
    }

    /// <summary>Runs a one-shot command to completion (at most 120 s).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, string trustedCaPem, CancellationToken ct)
    {
        var (file, prefix) = Command();
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var argument in prefix.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("EMRSHARE_PASSPHRASE");
        foreach (var (key, value) in ChildEnvironment(trustedCaPem))
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
            throw new TimeoutException($"emrshare {string.Join(' ', arguments)} did not finish within 120 s");
        }

        return new CliResult(arguments, process.ExitCode, await stdout, await stderr);
    }

    private static (string File, string[] Prefix) Command() =>
        PublishedBinary is { } bin ? (bin, []) : ("dotnet", [Path.Combine(AppContext.BaseDirectory, "emrshare.dll")]);

    private static Dictionary<string, string> ChildEnvironment(string trustedCaPem) => new()
    {
        ["COLUMNS"] = "200",
        ["SSL_CERT_FILE"] = trustedCaPem,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };
}
