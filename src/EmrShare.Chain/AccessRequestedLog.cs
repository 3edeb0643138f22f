namespace EmrShare.Chain;

/// <summary>
/// One <c>AccessRequested</c> or <c>EmergencyAccessRequested</c> event as a custodian's watcher sees it. For a granted
/// request the patient is the custodian-side pseudonym; an emergency request has no grant (zero) and no patient
/// (empty: the custodian knows whose record it is), and its grantee is the requesting practitioner's hospital.
/// Only <see cref="Custodian"/> may fulfil either kind.
/// </summary>
public sealed record AccessRequestedLog(Bytes32 RequestId, string Patient, string Grantee, Bytes32 GrantId, Bytes32 RecordId, long BlockNumber, string TransactionHash, string Custodian)
{
    public bool IsEmergency => GrantId == Bytes32.Zero;
}
