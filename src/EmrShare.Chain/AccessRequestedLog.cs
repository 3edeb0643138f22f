namespace EmrShare.Chain;

/// <summary>One <c>AccessRequested</c> event as a custodian's watcher sees it (the patient is the custodian-side pseudonym).</summary>
public sealed record AccessRequestedLog(Bytes32 RequestId, string Patient, string Grantee, Bytes32 GrantId, Bytes32 RecordId, long BlockNumber, string TransactionHash);
