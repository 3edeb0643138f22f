using EmrShare.Core;

namespace EmrShare.Chain;

/// <summary>The root of the chain client's exceptions (reverts, failed transactions); each declares its kind.</summary>
public abstract class ChainException : EmrShareException
{
    protected ChainException()
    {
    }

    protected ChainException(string message)
        : base(message)
    {
    }

    protected ChainException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
