using EmrShare.Core.Errors;

namespace EmrShare.Chain;

/// <summary>
/// A contract call reverted. <see cref="ErrorName"/> is the Solidity custom error (e.g.
/// <c>AccessControlGrantExpired</c>) decoded from the revert data's 4-byte selector against the EmrShare ABIs,
/// or <c>Error</c>/<c>Panic</c>/<c>Unknown</c> when no custom error matches.
/// </summary>
[ErrorKind(ErrorKind.Conflict)]
public sealed class ContractRevertedException : ChainException
{
    public ContractRevertedException(string errorName, string? revertData, Exception? inner = null)
        : base($"contract reverted with {errorName}", inner)
    {
        ErrorName = errorName;
        RevertData = revertData;
    }

    public ContractRevertedException()
        : this("Unknown", revertData: null)
    {
    }

    public ContractRevertedException(string message)
        : this("Unknown", null, new InvalidOperationException(message))
    {
    }

    public ContractRevertedException(string message, Exception innerException)
        : this("Unknown", null, new InvalidOperationException(message, innerException))
    {
    }

    public string ErrorName { get; }

    /// <summary>Raw revert data (0x-prefixed hex) when the node returned it.</summary>
    public string? RevertData { get; }
}

/// <summary>A transaction was mined but its receipt reports failure (status 0) without revert data.</summary>
[ErrorKind(ErrorKind.UpstreamFailed)]
public sealed class TransactionFailedException : ChainException
{
    public TransactionFailedException(string transactionHash)
        : base($"transaction {transactionHash} failed (receipt status 0)")
    {
        TransactionHash = transactionHash;
    }

    public TransactionFailedException()
        : this(string.Empty)
    {
    }

    public TransactionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TransactionHash = string.Empty;
    }

    public string TransactionHash { get; }
}
