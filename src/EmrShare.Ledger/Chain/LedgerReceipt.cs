using System.Numerics;

namespace EmrShare.Ledger.Chain;

/// <summary>One event log as stored (address lower-case, topics 32 bytes each).</summary>
public sealed record LedgerLog(string Address, IReadOnlyList<byte[]> Topics, byte[] Data, long LogIndex, int TransactionLogIndex);

/// <summary>The receipt of a sealed transaction.</summary>
public sealed record LedgerReceipt
{
    public required byte[] TransactionHash { get; init; }
    public required int TransactionIndex { get; init; }
    public required long BlockNumber { get; init; }
    public required byte[] BlockHash { get; init; }
    public required string From { get; init; }
    public string? To { get; init; }
    public string? ContractAddress { get; init; }
    public required bool Success { get; init; }
    public required BigInteger GasUsed { get; init; }
    public required BigInteger CumulativeGasUsed { get; init; }
    public required BigInteger EffectiveGasPrice { get; init; }
    public required byte Type { get; init; }
    public required IReadOnlyList<LedgerLog> Logs { get; init; }
    public required byte[] LogsBloom { get; init; }

    /// <summary>Return data (or revert data when <see cref="Success"/> is false).</summary>
    public required byte[] ReturnData { get; init; }
}
