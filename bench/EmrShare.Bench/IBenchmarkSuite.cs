namespace EmrShare.Bench;

/// <summary>
/// One benchmark workload. Each suite measures its contenders side by side in the same run (machines here
/// are noisy, so only ratios measured together mean anything) and returns rows for the report table.
/// </summary>
public interface IBenchmarkSuite
{
    /// <summary>Short name used on the command line, e.g. <c>ledger</c>, <c>aes</c>, <c>cid</c>.</summary>
    string Name { get; }

    string Title { get; }

    Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken);
}

/// <summary>One measured line: what, the value for us, the value for the reference (if any), and the unit.</summary>
public sealed record BenchmarkRow(string Workload, string Contender, double Value, string Unit, string? Note = null);

/// <summary>Options shared by suites: <see cref="Quick"/> shrinks workloads for a smoke run.</summary>
public sealed record BenchmarkOptions(bool Quick, string OutputDirectory);
