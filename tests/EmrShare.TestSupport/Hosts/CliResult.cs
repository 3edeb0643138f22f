namespace EmrShare.TestSupport.Hosts;

/// <summary>One finished <c>emrshare</c> run: exit code and output, with the <c>name: value</c> lines the actor commands print.</summary>
public sealed record CliResult(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    public IEnumerable<string> Fields(string name) =>
        Stdout.Split('\n', StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith(name + ": ", StringComparison.Ordinal))
            .Select(l => l[(name.Length + 2)..]);

    public string Field(string name) =>
        Fields(name).FirstOrDefault() ?? throw new InvalidOperationException($"no '{name}:' line in the output of {this}");

    /// <summary>Fails the test with the full output unless the command succeeded.</summary>
    public CliResult EnsureOk()
    {
        return ExitCode == 0 ? this : throw new InvalidOperationException($"expected success from {this}");
    }

    public override string ToString() =>
        $"emrshare {string.Join(' ', Arguments)} → exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
