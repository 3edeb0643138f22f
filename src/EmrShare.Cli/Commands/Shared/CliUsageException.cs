namespace EmrShare.Cli.Commands.Shared;

/// <summary>The command line is incomplete or inconsistent (no passphrase, bad URL, missing input file).</summary>
public sealed class CliUsageException : Exception
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
