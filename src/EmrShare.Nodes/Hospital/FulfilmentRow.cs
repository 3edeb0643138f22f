namespace EmrShare.Nodes.Hospital;

/// <summary>
/// A custodian's handling of one on-chain access request, keyed by request id (so an event seen twice — after a
/// restart, or by a second poll — is handled once). "sending": the re-wrapped key is staged and the
/// <c>recordFulfilment</c> transaction is (being) sent; "fulfilled": on chain, ready for the grantee to collect;
/// "refused": a signed refusal is ready instead.
/// </summary>
public sealed record FulfilmentRow
{
    public string RequestId { get; init; } = string.Empty;

    public string Grantee { get; init; } = string.Empty;

    public string GrantId { get; init; } = string.Empty;

    public string RecordId { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    /// <summary>JSON of the <see cref="Transport.Fulfilment"/> handed to the grantee (manifest, key wrapped for the grantee, CID, salt).</summary>
    public string? DeliveryJson { get; init; }

    public string? Reason { get; init; }

    public string? RefusalSignature { get; init; }

    public string? TransactionHash { get; init; }

    public long? GasUsed { get; init; }

    public long CreatedAt { get; init; }

    /// <summary>An emergency (break-glass) request carries no grant: its grant id is zero.</summary>
    public bool IsEmergency => GrantId == EmrShare.Core.Hash32.Zero.ToString();
}
