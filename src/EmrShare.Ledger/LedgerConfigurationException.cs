using EmrShare.Core.Errors;

namespace EmrShare.Ledger;

/// <summary>The ledger cannot start with this configuration (e.g. the database belongs to another chain).</summary>
[ErrorKind(ErrorKind.Usage)]
public sealed class LedgerConfigurationException : LedgerException
{
    public LedgerConfigurationException()
    {
    }

    public LedgerConfigurationException(string message)
        : base(message)
    {
    }

    public LedgerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
