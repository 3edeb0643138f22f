using System.Numerics;

namespace EmrShare.Chain;

/// <summary>What happened to a patient's grants and records, as AccessControl logged it.</summary>
public enum PatientAuditKind
{
    GrantCreated,
    GrantRevoked,
    AccessRequested,
    AccessFulfilled,
    BreakGlassAccessed,
    AccessRecorded,
}

/// <summary>
/// One AccessControl event about a patient pseudonym. <see cref="Counterparty"/> is the hospital or
/// practitioner involved (grantee, requester, custodian, practitioner, auditing hospital); ids not carried
/// by that event kind are null.
/// </summary>
public sealed record PatientAuditEntry(
    PatientAuditKind Kind,
    string Patient,
    string? Counterparty,
    Bytes32? GrantId,
    Bytes32? RecordId,
    ushort? Code,
    BigInteger BlockNumber,
    BigInteger LogIndex,
    string TransactionHash);
