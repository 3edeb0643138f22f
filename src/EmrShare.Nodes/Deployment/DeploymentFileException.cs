using EmrShare.Core.Errors;

namespace EmrShare.Nodes.Deployment;

/// <summary>A deployment, peers, request or revocation file an actor was pointed at is missing or malformed.</summary>
[ErrorKind(ErrorKind.NotFound)]
public sealed class DeploymentFileException : NodeException
{
    public DeploymentFileException()
    {
    }

    public DeploymentFileException(string message)
        : base(message)
    {
    }

    public DeploymentFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
