using EmrShare.Core.Errors;

namespace EmrShare.Nodes.Center;

/// <summary>Why the enrolment queue refused: the web app maps <see cref="EnrolmentRefusal.InvalidRequest"/> to 400, the rest to 409.</summary>
public enum EnrolmentRefusal
{
    /// <summary>The request itself is malformed (zero commitment, repeated or missing addresses).</summary>
    InvalidRequest,

    /// <summary>The identity commitment or one of the accounts is already waiting in the queue.</summary>
    AlreadyQueued,

    /// <summary>The identity commitment or one of the accounts is already registered on chain.</summary>
    AlreadyRegistered,

    /// <summary>An early round with fewer than k patients was asked for without forcing it.</summary>
    BelowRoundSize,

    /// <summary>An early round was asked for but nobody is queued.</summary>
    QueueEmpty,
}

/// <summary>
/// The Center's enrolment queue refuses a request or an early round (see <see cref="Reason"/>). Nothing was queued
/// and nothing was sent to the chain. Messages never quote a commitment or a pseudonym.
/// </summary>
[ErrorKind(ErrorKind.Conflict)]
public sealed class EnrolmentRefusedException : NodeException
{
    public EnrolmentRefusedException()
    {
    }

    public EnrolmentRefusedException(string message)
        : base(message)
    {
    }

    public EnrolmentRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EnrolmentRefusedException(EnrolmentRefusal reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public EnrolmentRefusal Reason { get; }

    /// <summary>A malformed request is invalid (400); every other refusal conflicts with the queue or the chain (409).</summary>
    public override ErrorKind Kind => Reason == EnrolmentRefusal.InvalidRequest ? ErrorKind.Invalid : ErrorKind.Conflict;
}
