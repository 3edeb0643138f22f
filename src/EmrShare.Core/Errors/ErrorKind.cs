namespace EmrShare.Core.Errors;

/// <summary>
/// What a failure means to the caller, independent of how it is reported. <see cref="ErrorTable"/> maps each kind once
/// to an HTTP status, a CLI exit code, a peer-protocol code and a FHIR issue type (docs/architecture.md, error model).
/// </summary>
public enum ErrorKind
{
    /// <summary>A fault (a bug or a broken environment): 500, exit 1. Details are never sent.</summary>
    Unexpected = 0,

    /// <summary>The input is malformed or breaks a documented rule (400, exit 2).</summary>
    Invalid,

    /// <summary>The command line or the service configuration is wrong (exit 64; a server fault, 500, over HTTP).</summary>
    Usage,

    /// <summary>The peer failed to prove who it is (handshake, sealed session message): 401, exit 2.</summary>
    Unauthenticated,

    /// <summary>Credentials presented to a server were refused (password, second factor, operator token): 401, exit 6.</summary>
    CredentialsRefused,

    /// <summary>The keystore passphrase is wrong: 401, exit 4.</summary>
    WrongPassphrase,

    /// <summary>Authenticated but not allowed (no grant, not registered, wrong reader): 403, exit 2.</summary>
    Refused,

    /// <summary>What was named does not exist: 404, exit 3.</summary>
    NotFound,

    /// <summary>The request conflicts with the current state (already done, out of order, chain revert): 409, exit 2.</summary>
    Conflict,

    /// <summary>It existed and was deliberately removed (crypto-shredded record): 410, exit 3.</summary>
    Gone,

    /// <summary>The content is over a size limit: 413, exit 2.</summary>
    TooLarge,

    /// <summary>Well-formed content that cannot be accepted (an invalid record): 422, exit 2.</summary>
    Unprocessable,

    /// <summary>An integrity check failed (tag, signature, hash, commitment, Merkle proof): 422, exit 2.</summary>
    Tampered,

    /// <summary>Too many attempts; try again later: 429, exit 2.</summary>
    RateLimited,

    /// <summary>The caller went away or pressed Ctrl+C: 499, exit 130.</summary>
    Cancelled,

    /// <summary>A node we depend on answered, but failed (transaction failed, store error, untrusted peer): 502, exit 2.</summary>
    UpstreamFailed,

    /// <summary>A dependency cannot be reached or refuses work for now (chain down, disk full): 503, exit 5.</summary>
    Unavailable,

    /// <summary>A dependency did not answer in time: 504, exit 5.</summary>
    Timeout,
}
