using EmrShare.Core.Errors;

namespace EmrShare.Core;

/// <summary>
/// The root of every EmrShare exception. Its <see cref="Kind"/> says what the failure means; <see cref="ErrorTable"/>
/// says how each host reports it (HTTP status, CLI exit code, peer-protocol code, FHIR issue type). Each component
/// has its own root below this one (security checks, formats, storage, ledger, chain, nodes, web).
/// </summary>
[ErrorKind(ErrorKind.Unexpected)]
public abstract class EmrShareException : Exception
{
    protected EmrShareException()
    {
    }

    protected EmrShareException(string message)
        : base(message)
    {
    }

    protected EmrShareException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The kind declared with <see cref="ErrorKindAttribute"/> on this type (or its nearest base). A type whose kind
    /// depends on its data (e.g. a remote refusal carrying a status) overrides this.
    /// </summary>
    public virtual ErrorKind Kind => ErrorKindAttribute.Of(GetType());
}
