using System.Numerics;

namespace EmrShare.Ledger.Transactions;

/// <summary>A decoded, signature-checked transaction as the ledger stores and serves it.</summary>
public sealed record LedgerTransaction
{
    public required byte[] Hash { get; init; }
    public required byte[] Raw { get; init; }
    public required byte Type { get; init; }
    public required string From { get; init; }

    /// <summary>Null for a contract creation.</summary>
    public string? To { get; init; }

    public required BigInteger Nonce { get; init; }
    public required BigInteger GasLimit { get; init; }

    /// <summary>Legacy gas price; for type 2 the max fee (what the sender may pay at most).</summary>
    public required BigInteger GasPrice { get; init; }

    public BigInteger? MaxFeePerGas { get; init; }
    public BigInteger? MaxPriorityFeePerGas { get; init; }
    public required BigInteger Value { get; init; }
    public required byte[] Input { get; init; }
    public required BigInteger ChainId { get; init; }
    public required BigInteger V { get; init; }
    public required byte[] R { get; init; }
    public required byte[] S { get; init; }

    public bool IsEip1559 => Type == 2;

    public bool IsContractCreation => To is null;
}
