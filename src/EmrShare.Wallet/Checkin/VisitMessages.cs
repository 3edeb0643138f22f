using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Signing;

namespace EmrShare.Wallet.Checkin;

// The hospital's visit protocol as the phone speaks it: the same JSON as EmrShare.Nodes.Transport's messages
// (web defaults, camelCase, ids through Core's converters). The wallet cannot reference Nodes (SQLite, Kestrel), so
// these few records mirror NodeMessages.cs field for field; the browser check-in test proves both sides agree.

internal static class VisitRoutes
{
    public const string Begin = "v1/visit/begin";
    public const string Finish = "v1/visit/finish";
    public const string Deliveries = "v1/visit/deliveries";
    public const string Envelope = "v1/visit/envelope";
    public const string Status = "v1/visit/status";

    public const string Grant = "v1/visit/grant";
}

internal sealed record PatientHello(string PseudonymPublicKey);

internal sealed record FinishVisitRequest(HandshakeFinish Finish, SealedMessage Hello);

internal sealed record VisitWelcome(string LocalPatientId, bool Pending = false);

internal sealed record DeliveryPull(int Max);

internal sealed record RecordDelivery(RecordManifest Manifest, EthSignature ManifestSignature, WrappedKey KeyForPatient, string Cid, Hash32 Salt, string ContentType);

internal sealed record DeliveryBatch(IReadOnlyList<RecordDelivery> Records);

internal sealed record EnvelopeRequest(RecordId RecordId, uint Version);

internal sealed record EnvelopeReply(RecordId RecordId, uint Version, byte[] Envelope);

internal sealed record PeerError(string Error, string Message);

/// <summary>A grant the Center relayed, handed to its grantee with the records it lists and the signed handover.</summary>
public sealed record GrantOffer(SignedTypedData<Grant> Grant, ChainAddress Custodian, IReadOnlyList<RecordId> Records, SignedTypedData<GrantHandover>? Handover = null);

/// <summary>The grantee's answer: it keeps the grant (as the chain stores it) and may now request those records.</summary>
public sealed record GrantAccepted(Hash32 GrantId, ChainAddress Grantee, Hash32 Scope, ChainAddress Custodian, string TransactionHash, long GasUsed);
