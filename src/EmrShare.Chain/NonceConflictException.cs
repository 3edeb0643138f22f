using EmrShare.Core.Errors;

namespace EmrShare.Chain;

/// <summary>
/// The node refused this account's nonce twice in a row, the second time right after the count was read again:
/// another process or client is sending from the same account at the same time. Nothing was sent; the next send
/// reads the count afresh, so retrying later is safe.
/// </summary>
[ErrorKind(ErrorKind.Unavailable)]
public sealed class NonceConflictException : ChainException
{
    public NonceConflictException()
        : this("the chain node refused this account's nonce twice")
    {
    }

    public NonceConflictException(string message)
        : base(message)
    {
    }

    public NonceConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static NonceConflictException For(string account, Exception refusal) =>
        new($"the chain node refused the nonce of account {account} twice: another client is sending from this account at the same time; nothing was sent, retry later", refusal);
}
