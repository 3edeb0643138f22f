using EmrShare.Core.Errors;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>The command line is incomplete or inconsistent (no passphrase, bad URL, missing input file).</summary>
[ErrorKind(ErrorKind.Usage)]
public sealed class CliUsageException : Core.EmrShareException
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
