using EmrShare.Core.Errors;

namespace EmrShare.Nodes;

/// <summary>Base of every refusal raised by the node layer (a domain decision, never a crash).</summary>
[ErrorKind(ErrorKind.Invalid)]
public class NodeException : Core.EmrShareException
{
    public NodeException()
    {
    }

    public NodeException(string message)
        : base(message)
    {
    }

    public NodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The chain or the custodian's own checks refuse access (no grant, revoked, expired, other grantee, other patient).</summary>
[ErrorKind(ErrorKind.Refused)]
public sealed class AccessDeniedException : NodeException
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message)
        : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A received record fails verification (manifest signature, practitioner not registered under the custodian,
/// content hash, CID, wrapped-keys hash or on-chain commitment). Nothing is stored.
/// </summary>
[ErrorKind(ErrorKind.Tampered)]
public sealed class RecordVerificationException : NodeException
{
    public RecordVerificationException()
    {
    }

    public RecordVerificationException(string message)
        : base(message)
    {
    }

    public RecordVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The record was erased here by crypto-shredding: its data keys are gone, so it cannot be read or shared.</summary>
[ErrorKind(ErrorKind.Gone)]
public sealed class RecordErasedException : NodeException
{
    public RecordErasedException()
    {
    }

    public RecordErasedException(string message)
        : base(message)
    {
    }

    public RecordErasedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A patient, record, session or hospital the caller named is not known to this node.</summary>
[ErrorKind(ErrorKind.NotFound)]
public sealed class UnknownEntityException : NodeException
{
    public UnknownEntityException()
    {
    }

    public UnknownEntityException(string message)
        : base(message)
    {
    }

    public UnknownEntityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A peer is not registered (or no longer active) on chain: unregistered hospital, unknown pseudonym.</summary>
[ErrorKind(ErrorKind.Refused)]
public sealed class NotRegisteredException : NodeException
{
    public NotRegisteredException()
    {
    }

    public NotRegisteredException(string message)
        : base(message)
    {
    }

    public NotRegisteredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The custodian gave no answer (fulfilment or signed refusal) to an on-chain request within the wait limit.</summary>
[ErrorKind(ErrorKind.Timeout)]
public sealed class FulfilmentTimeoutException : NodeException
{
    public FulfilmentTimeoutException()
    {
    }

    public FulfilmentTimeoutException(string message)
        : base(message)
    {
    }

    public FulfilmentTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The chain's JSON-RPC node could not be reached (connection refused, reset, timed out, HTTP error from a proxy).
/// Raised for transport failures only — a node that answers with an error or a revert is a refusal, not this.
/// If it happens while a transaction was being sent, that transaction may or may not have been mined.
/// </summary>
[ErrorKind(ErrorKind.Unavailable)]
public sealed class ChainUnavailableException : NodeException
{
    public ChainUnavailableException()
    {
    }

    public ChainUnavailableException(string message)
        : base(message)
    {
    }

    public ChainUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An endpoint update the Center's directory refuses (bad URL, replayed or out-of-order sequence).</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class DirectoryUpdateRefusedException : NodeException
{
    public DirectoryUpdateRefusedException()
    {
    }

    public DirectoryUpdateRefusedException(string message)
        : base(message)
    {
    }

    public DirectoryUpdateRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A peer whose directory entry or TLS identity cannot be trusted (unsigned directory, pin mismatch).</summary>
[ErrorKind(ErrorKind.UpstreamFailed)]
public sealed class PeerIdentityException : NodeException
{
    public PeerIdentityException()
    {
    }

    public PeerIdentityException(string message)
        : base(message)
    {
    }

    public PeerIdentityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
