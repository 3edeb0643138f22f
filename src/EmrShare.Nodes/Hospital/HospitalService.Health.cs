namespace EmrShare.Nodes.Hospital;

/// <summary>What a host's readiness checks and metrics ask of the node (no PHI: block numbers and counts only).</summary>
public sealed partial class HospitalService
{
    /// <summary>The chain's head block and its timestamp (Unix seconds); throws when the chain is unreachable.</summary>
    public async Task<(long Number, long Timestamp)> ChainHeadAsync(CancellationToken cancellationToken)
    {
        var number = await Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var block = await Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(number).WaitAsync(cancellationToken).ConfigureAwait(false);
        return ((long)number.Value, (long)block.Timestamp.Value);
    }

    /// <summary>Fulfilments staged but not yet confirmed on chain.</summary>
    public async Task<int> PendingFulfilmentCountAsync(CancellationToken cancellationToken) =>
        (await Database.ListSendingFulfilmentsAsync(cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>Writes (and overwrites) a probe row, so a read-only or full disk shows as not ready.</summary>
    public Task ProbeDatabaseWriteAsync(long value, CancellationToken cancellationToken) =>
        Database.SetCursorAsync("readiness-probe", value, cancellationToken);
}
