using System.Numerics;

namespace EmrShare.Chain;

/// <summary>A registered hospital as the Registry reports it.</summary>
public sealed record HospitalInfo(string Address, byte[] EncryptionKey, Bytes32 NameHash, bool Active);

/// <summary>A practitioner's employer and whether both are active.</summary>
public sealed record PractitionerInfo(string Address, string Hospital, bool Active);

/// <summary>The latest index anchor of a patient's index account (sequence 0 = none yet).</summary>
public sealed record IndexAnchor(Bytes32 IndexHash, ulong Sequence);

/// <summary>The fields of an EIP-712 Grant (docs/interfaces.md).</summary>
public sealed record GrantTerms(string Patient, string Grantee, Bytes32 Scope, ushort Purpose, ulong Expiry, BigInteger Nonce);

/// <summary>Grant terms with the patient pseudonym's 65-byte r‖s‖v signature.</summary>
public sealed record SignedGrant(GrantTerms Terms, byte[] Signature);

/// <summary>
/// How the chain names a stored grant: grantee, grantId (the EIP-712 digest) and the signed scope root (zero =
/// all records). The scope is part of the storage key (see docs/contracts.md), so it must be given back.
/// </summary>
public sealed record GrantRef(string Grantee, Bytes32 GrantId, Bytes32 Scope);

/// <summary>A stored grant.</summary>
public sealed record GrantInfo(string Patient, ushort Purpose, ulong Expiry, bool Revoked);

/// <summary>A stored access request.</summary>
public sealed record AccessRequestInfo(Bytes32 GrantId, Bytes32 Scope, Bytes32 RecordId, string Grantee, bool Fulfilled, string Custodian)
{
    /// <summary>An emergency (break-glass) request carries no grant.</summary>
    public bool IsEmergency => GrantId == Bytes32.Zero;
}

/// <summary>The practitioner and reason code of an emergency request (<c>emergencyOf</c>).</summary>
public sealed record EmergencyRequestInfo(string Practitioner, ushort ReasonCode);

/// <summary>Receipt of a submitted grant, with the reference to use for it from now on.</summary>
public sealed record GrantReceipt(ChainReceipt Receipt, GrantRef Grant)
{
    public Bytes32 GrantId => Grant.GrantId;
}

/// <summary>Receipt of an access request, with the request id custodians answer.</summary>
public sealed record AccessRequestReceipt(ChainReceipt Receipt, Bytes32 RequestId);

/// <summary>One entry of a custodian's fulfilment batch: the request and the hash of what was delivered for it.</summary>
public sealed record FulfilmentEntry(Bytes32 RequestId, Bytes32 DeliveryHash);

/// <summary>A break-glass access found in the chain's logs.</summary>
public sealed record BreakGlassAccess(string Patient, string Practitioner, string Hospital, Bytes32 RecordId, ushort ReasonCode, string TransactionHash);

/// <summary>Audit actions of <c>recordAccess</c>.</summary>
public enum AccessAction : byte
{
    Read = 1,
    Amend = 2,
    Add = 3,
}
