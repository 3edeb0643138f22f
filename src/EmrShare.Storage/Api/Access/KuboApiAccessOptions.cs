namespace EmrShare.Storage.Api.Access;

/// <summary>The read-only surface a store opens to other hospitals and patients' wallets.</summary>
public sealed record KuboPeerApiOptions(IPeerAuthorizer Authorizer)
{
    /// <summary>Requests one client (authenticated account, or address while unauthenticated) may make per minute.</summary>
    public int RequestsPerMinute { get; init; } = 600;
}

/// <summary>
/// The full API (add, block/put, pins, gc), for the node that owns the store or its local admin only: the caller must
/// connect from loopback, name a loopback host (no DNS rebinding) and, when <see cref="AdminToken"/> is set,
/// present it as <c>Authorization: Bearer</c>.
/// </summary>
public sealed record KuboAdminApiOptions
{
    public string? AdminToken { get; init; }

    /// <summary>Largest body <c>add</c> accepts (413 above it); null = the store's own blob limit only.</summary>
    public long? MaxAddBytes { get; init; }

    public static KuboAdminApiOptions LoopbackOnly { get; } = new();
}
