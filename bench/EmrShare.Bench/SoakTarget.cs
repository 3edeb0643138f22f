namespace EmrShare.Bench;

/// <summary>One kind of request a soak sends at a steady rate; <see cref="RunAsync"/> throws when the answer is wrong.</summary>
public sealed record SoakOperation(string Name, Func<CancellationToken, Task> RunAsync);

/// <summary>
/// A service under soak: started once, then its operations are interleaved round-robin at the soak's rate. The
/// JSON-RPC endpoint of the embedded ledger is one (<see cref="JsonRpcSoakTarget"/>); the REST API gets its own
/// implementation once the web API lands (start it on a loopback port in <see cref="StartAsync"/>, expose e.g.
/// GET record / POST grant / GET audit as operations) and is added to <see cref="SoakBenchmark.Targets"/>.
/// </summary>
public interface ISoakTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Steady request rate over all operations: what the service sustains on a shared 2-core machine.</summary>
    int RequestsPerSecond => 200;

    Task<IReadOnlyList<SoakOperation>> StartAsync(int expectedWrites, CancellationToken cancellationToken);
}
