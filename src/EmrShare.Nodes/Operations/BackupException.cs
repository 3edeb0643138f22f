using EmrShare.Core.Errors;

namespace EmrShare.Nodes.Operations;

/// <summary>A backup or restore that cannot be made or trusted (target not empty, file missing or altered).</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class BackupException : NodeException
{
    public BackupException()
    {
    }

    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
