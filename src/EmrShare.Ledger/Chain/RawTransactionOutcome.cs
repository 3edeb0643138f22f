namespace EmrShare.Ledger.Chain;

/// <summary>
/// What happened to one transaction of a batched submission: its hash when accepted, otherwise the same
/// geth-worded rejection a single <c>eth_sendRawTransaction</c> would have raised.
/// </summary>
public sealed record RawTransactionOutcome(byte[]? Hash, LedgerRpcException? Error)
{
    public bool Accepted => Error is null;
}
