namespace EmrShare.Cli.Commands.Shared;

/// <summary>The actor commands' exit codes (documented in docs/cli.md), so scripts can tell failures apart.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug); the one-line message names the exception type.</summary>
    public const int Failed = 1;

    /// <summary>A domain refusal: access denied, not registered, verification failed, invalid record, chain revert.</summary>
    public const int Refused = 2;

    /// <summary>Something named does not exist: record, grant, patient, key, deployment or input file.</summary>
    public const int NotFound = 3;

    /// <summary>The keystore passphrase is wrong.</summary>
    public const int WrongPassphrase = 4;

    /// <summary>The JSON-RPC node, a peer hospital or a store could not be reached.</summary>
    public const int Unreachable = 5;

    /// <summary>The node refused the operator token (<c>--node</c>): expired, revoked, or its account was reset or disabled.</summary>
    public const int TokenRefused = 6;

    /// <summary>Interrupted (Ctrl+C) before finishing.</summary>
    public const int Interrupted = 130;

    /// <summary>Bad command line (BSD sysexits EX_USAGE).</summary>
    public const int Usage = 64;
}
