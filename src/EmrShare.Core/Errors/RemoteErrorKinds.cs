namespace EmrShare.Core.Errors;

/// <summary>
/// What a remote node's error kind means here. A peer's or a node's answer reports ITS failure, not ours: only the
/// kinds that describe the request or the remote data keep their meaning (refused, not found, gone, conflict, invalid,
/// unprocessable, tampered, unavailable, timeout, rate-limited). Every other kind (a remote fault, its usage or
/// configuration error, its cancellation, a credential or authentication refusal) is
/// <see cref="ErrorKind.UpstreamFailed"/>: it must not become our 500 (logged as our fault), our exit 64 (our bad
/// command line), our exit 130 (interrupted) or a 401 asking our signed-in user to sign in again.
/// </summary>
public static class RemoteErrorKinds
{
    /// <summary>The local kind for a kind a remote node reported.</summary>
    public static ErrorKind Localize(ErrorKind remote) => remote switch
    {
        ErrorKind.Refused or ErrorKind.NotFound or ErrorKind.Gone or ErrorKind.Conflict or ErrorKind.Invalid
            or ErrorKind.Unprocessable or ErrorKind.Tampered or ErrorKind.Unavailable or ErrorKind.Timeout
            or ErrorKind.RateLimited => remote,
        _ => ErrorKind.UpstreamFailed,
    };

    /// <summary>The local kind for a remote answer: its peer-protocol code when it sent one, else its HTTP status.</summary>
    public static ErrorKind FromRemote(string? peerCode, int status) =>
        Localize(ErrorTable.FromPeerCode(peerCode) ?? (status == 0 ? ErrorKind.UpstreamFailed : ErrorTable.FromHttpStatus(status)));
}
