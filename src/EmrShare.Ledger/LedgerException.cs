using EmrShare.Core;

namespace EmrShare.Ledger;

/// <summary>The root of the embedded ledger's exceptions (its JSON-RPC refusals, its start-up configuration); each declares its kind.</summary>
public abstract class LedgerException : EmrShareException
{
    protected LedgerException()
    {
    }

    protected LedgerException(string message)
        : base(message)
    {
    }

    protected LedgerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
