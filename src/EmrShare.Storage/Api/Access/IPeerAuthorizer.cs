namespace EmrShare.Storage.Api.Access;

/// <summary>
/// Port through which a store's peer surface asks its node who may read: the node implements it (EmrShare.Nodes
/// checks the signer against the Registry contract), so Storage itself stays free of any chain dependency.
/// </summary>
public interface IPeerAuthorizer
{
    /// <summary>The authenticated peer, or null to refuse the request (HTTP 401, nothing read).</summary>
    Task<PeerPrincipal?> AuthorizeAsync(SignedPeerRequest request, CancellationToken cancellationToken);
}

/// <summary>Who a peer request was admitted as: a registered hospital, or a registered patient pseudonym (wallet reads).</summary>
public sealed record PeerPrincipal(string Account, PeerKind Kind);

public enum PeerKind
{
    Hospital,
    Patient,
}

/// <summary>
/// What a peer presented: its claimed account, the signed timestamp and signature, and the canonical bytes the
/// signature must cover (<see cref="PeerRequestSignature.Payload"/>).
/// </summary>
public sealed record SignedPeerRequest(string Account, long UnixSeconds, string Signature, byte[] Payload);
