using EmrShare.Chain;
using EmrShare.Core;

namespace EmrShare.Nodes.Hospital;

/// <summary>A record version created (or amended) and anchored here.</summary>
public sealed record RecordCreated(RecordId RecordId, uint Version, string Cid, Hash32 Commitment, ChainReceipt Anchor);

/// <summary>
/// A record version received from its custodian, verified and stored here. <see cref="AlreadyHeld"/>: the version
/// was already stored here (nothing was sent: <see cref="Request"/> is <see cref="NoTransaction"/> and
/// <see cref="FulfilmentTransaction"/> empty, or a concurrent request delivered an identical copy first).
/// </summary>
public sealed record RecordReceived(RecordId RecordId, uint Version, ChainAddress Custodian, string Cid, ChainReceipt Request, string FulfilmentTransaction, long FulfilmentGasUsed)
{
    /// <summary>Stands for "no transaction was sent" (empty hash, block 0, gas 0).</summary>
    public static ChainReceipt NoTransaction { get; } = new(string.Empty, 0, 0);

    public bool AlreadyHeld { get; init; }
}

/// <summary>A decrypted record as a practitioner reads it.</summary>
public sealed record RecordContent(RecordId RecordId, uint Version, string ContentType, byte[] Content);

/// <summary>An access request this hospital (the grantee) submitted on chain and awaits the custodian's answer to.</summary>
public sealed record PendingRequest(Hash32 RequestId, Hash32 GrantId, RecordId RecordId, ChainAddress Custodian, ChainReceipt Receipt)
{
    /// <summary>Set for an emergency (break-glass) request, which has no grant: what the copy is checked against and filed under.</summary>
    public EmergencyRequest? Emergency { get; init; }
}
