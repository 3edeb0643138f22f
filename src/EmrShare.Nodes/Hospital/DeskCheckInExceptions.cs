using EmrShare.Core.Errors;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// A check-in without the desk's challenge (handshake protocol version 1, a remote check-in) at a hospital that takes
/// check-ins only at its desk (<see cref="HospitalOptions.AcceptRemoteCheckIns"/> off): 403, nothing spent.
/// </summary>
[ErrorKind(ErrorKind.Refused)]
public sealed class DeskChallengeRequiredException : NodeException
{
    public DeskChallengeRequiredException()
        : this("this hospital takes check-ins only at its desk: scan the check-in code on the desk's screen (handshake version 2); remote check-ins without a desk code are turned off here")
    {
    }

    public DeskChallengeRequiredException(string message)
        : base(message)
    {
    }

    public DeskChallengeRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The clerk typed digits that are not the pending check-in's confirmation code: nothing is bound.</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class DeskConfirmationMismatchException : NodeException
{
    public DeskConfirmationMismatchException()
    {
    }

    public DeskConfirmationMismatchException(string message)
        : base(message)
    {
    }

    public DeskConfirmationMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The desk check-in is no longer pending (already confirmed, or rejected).</summary>
[ErrorKind(ErrorKind.Conflict)]
public sealed class DeskCheckInClosedException : NodeException
{
    public DeskCheckInClosedException()
    {
    }

    public DeskCheckInClosedException(string message)
        : base(message)
    {
    }

    public DeskCheckInClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
