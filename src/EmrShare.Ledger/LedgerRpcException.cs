using EmrShare.Core.Errors;

namespace EmrShare.Ledger;

/// <summary>
/// A request the ledger refuses, carrying the JSON-RPC error code and message geth would return, so clients
/// written against geth/Hardhat recognise it (e.g. -32000 "nonce too low", 3 "execution reverted").
/// </summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class LedgerRpcException : LedgerException
{
    public LedgerRpcException(int code, string message, string? data = null)
        : base(message)
    {
        Code = code;
        RpcData = data;
    }

    public LedgerRpcException()
        : this(RpcErrorCodes.Internal, "internal error")
    {
    }

    public LedgerRpcException(string message)
        : this(RpcErrorCodes.Server, message)
    {
    }

    public LedgerRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = RpcErrorCodes.Internal;
    }

    public int Code { get; }

    /// <summary>Hex revert data for code 3, otherwise null.</summary>
    public string? RpcData { get; }
}

/// <summary>JSON-RPC 2.0 and geth error codes the ledger uses.</summary>
public static class RpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int Internal = -32603;

    /// <summary>geth's generic server error, used for every transaction-pool rejection.</summary>
    public const int Server = -32000;

    /// <summary>geth's code for an execution revert in eth_call / eth_estimateGas.</summary>
    public const int ExecutionReverted = 3;
}
