using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Signing;

namespace EmrShare.Nodes.Transport;

// JSON DTOs exchanged between actors. Everything a hospital says to a patient (and back) after the handshake
// travels sealed on the visit's SecureSession; hospital-to-hospital fulfilment is authenticated by an EIP-712
// AccessRequest signed by the requesting hospital's chain account (see FulfilmentMessages.cs).

/// <summary>First sealed message of a visit: the pseudonym's public key, so the hospital can wrap data keys for it.</summary>
public sealed record PatientHello(string PseudonymPublicKey);

/// <summary>Message 3 of the handshake plus the sealed <see cref="PatientHello"/>.</summary>
public sealed record FinishVisitRequest(HandshakeFinish Finish, SealedMessage Hello);

/// <summary>
/// Sealed answer to <see cref="FinishVisitRequest"/>: the hospital's local id for this patient; or, for a check-in at the
/// desk still waiting for the clerk's confirmation, <see cref="Pending"/> and no id yet (<see cref="PeerRoutes.VisitStatus"/> asks again).
/// </summary>
public sealed record VisitWelcome(string LocalPatientId, bool Pending = false);

/// <summary>Sealed request from the wallet for records created for it since the last pull.</summary>
public sealed record DeliveryPull(int Max);

/// <summary>What the wallet needs about a record created for it: enough to read it later and to grant it.</summary>
public sealed record RecordDelivery(
    RecordManifest Manifest,
    EthSignature ManifestSignature,
    WrappedKey KeyForPatient,
    string Cid,
    Hash32 Salt,
    string ContentType);

/// <summary>Sealed answer to <see cref="DeliveryPull"/>.</summary>
public sealed record DeliveryBatch(IReadOnlyList<RecordDelivery> Records);

/// <summary>
/// Sealed offer of a signed grant, with where the records live (the grant itself names only the pseudonym). Without
/// <paramref name="Handover"/> the grantee submits the grant on chain; with it the grant is already on chain (relayed by
/// the Center from the phone) and the grantee only checks it there and keeps it (docs/wallet.md "Handing a grant over").
/// </summary>
public sealed record GrantOffer(SignedTypedData<Grant> Grant, ChainAddress Custodian, IReadOnlyList<RecordId> Records, SignedTypedData<GrantHandover>? Handover = null);

/// <summary>Sealed answer: the grant as the chain stores it.</summary>
public sealed record GrantAccepted(Hash32 GrantId, ChainAddress Grantee, Hash32 Scope, ChainAddress Custodian, string TransactionHash, long GasUsed);

/// <summary>
/// Custodian → grantee: the signed manifest, every wrapped key the manifest commits to, the data key re-wrapped
/// for the grantee's registered encryption key, the CID to fetch and the salt that opens the on-chain commitment.
/// </summary>
public sealed record Fulfilment(
    RecordManifest Manifest,
    EthSignature ManifestSignature,
    IReadOnlyList<WrappedKey> ManifestKeys,
    WrappedKey KeyForGrantee,
    string Cid,
    Hash32 Salt,
    string ContentType,
    string FulfilmentTransaction,
    long FulfilmentGasUsed);

/// <summary>Sealed request from the patient's device for the envelope of one of its records (wallet PWA).</summary>
public sealed record EnvelopeRequest(RecordId RecordId, uint Version);

/// <summary>Sealed answer to <see cref="EnvelopeRequest"/>: the encrypted envelope, exactly as stored.</summary>
public sealed record EnvelopeReply(RecordId RecordId, uint Version, byte[] Envelope);
