using System.Numerics;

namespace EmrShare.Ledger.Execution;

/// <summary>What to execute: a signed transaction's fields, or an eth_call / eth_estimateGas request.</summary>
public sealed record ExecutionRequest
{
    public required string From { get; init; }
    public string? To { get; init; }
    public byte[] Input { get; init; } = [];
    public BigInteger Value { get; init; }
    public required BigInteger GasLimit { get; init; }
    public BigInteger GasPrice { get; init; }
    public BigInteger? MaxFeePerGas { get; init; }
    public BigInteger? MaxPriorityFeePerGas { get; init; }
    public BigInteger Nonce { get; init; }
}

/// <summary>The block a request executes in.</summary>
public sealed record BlockEnvironment(long Number, long Timestamp, string Coinbase, BigInteger BaseFee, long GasLimit, BigInteger ChainId);

/// <summary>Outcome of one execution (before it becomes a receipt).</summary>
public sealed record ExecutionOutcome
{
    public required bool Success { get; init; }
    public required BigInteger GasUsed { get; init; }
    public required BigInteger EffectiveGasPrice { get; init; }
    public required byte[] ReturnData { get; init; }
    public string? ContractAddress { get; init; }
    public required IReadOnlyList<(string Address, IReadOnlyList<byte[]> Topics, byte[] Data)> Logs { get; init; }

    /// <summary>Executor-level failure text (out of gas, invalid opcode…), for diagnostics only.</summary>
    public string? Error { get; init; }
}
