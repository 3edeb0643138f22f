using System.Numerics;

namespace EmrShare.Ledger.Chain;

/// <summary>
/// A sealed block. The header is Ethereum's (same fields and RLP layout, so its hash is computed like any
/// Ethereum header); the seal is Clique-style: the last 65 bytes of <see cref="ExtraData"/> are the sealer's
/// signature over the header hash computed without them.
/// </summary>
public sealed record LedgerBlock
{
    public required long Number { get; init; }
    public required byte[] Hash { get; init; }
    public required byte[] ParentHash { get; init; }
    public required string Miner { get; init; }

    /// <summary>Not a Merkle-Patricia state trie root: keccak256(parent's value ‖ this block's state diff) — see docs/ledger.md.</summary>
    public required byte[] StateRoot { get; init; }

    public required byte[] TransactionsRoot { get; init; }
    public required byte[] ReceiptsRoot { get; init; }
    public required byte[] LogsBloom { get; init; }
    public required long GasLimit { get; init; }
    public required BigInteger GasUsed { get; init; }
    public required long Timestamp { get; init; }
    public required byte[] ExtraData { get; init; }
    public required BigInteger BaseFeePerGas { get; init; }
    public required IReadOnlyList<byte[]> TransactionHashes { get; init; }
    public required long Size { get; init; }
}
