namespace EmrShare.Chain;

/// <summary>The AccessControl contract (grants, revocation, requests, break-glass, audit) as seen by one sending account.</summary>
public interface IAccessControlContract
{
    string Address { get; }

    Task<GrantReceipt> SubmitGrantAsync(SignedGrant grant, CancellationToken cancellationToken);

    /// <summary>Revoke by the patient pseudonym itself (the sending account).</summary>
    Task<ChainReceipt> RevokeAsync(GrantRef grant, CancellationToken cancellationToken);

    /// <summary>Relay a patient-signed EIP-712 Revoke(grantId); any account may send it.</summary>
    Task<ChainReceipt> RevokeBySignatureAsync(GrantRef grant, byte[] signature, CancellationToken cancellationToken);

    /// <summary>
    /// Request a record under a grant from its custodian (the only hospital that may fulfil it); the sending account
    /// must be <see cref="GrantRef.Grantee"/>.
    /// </summary>
    Task<AccessRequestReceipt> RequestAccessAsync(GrantRef grant, Bytes32 recordId, string custodian, IReadOnlyList<Bytes32> proof, CancellationToken cancellationToken);

    /// <summary>Fulfilment of a granted request; only the request's custodian may send it.</summary>
    Task<ChainReceipt> RecordFulfilmentAsync(Bytes32 requestId, Bytes32 deliveryHash, CancellationToken cancellationToken);

    /// <summary>
    /// Several granted requests fulfilled in one transaction (the custodian's batch; one <c>AccessFulfilled</c> event
    /// each). All or nothing: one refused request reverts the batch.
    /// </summary>
    Task<ChainReceipt> RecordFulfilmentsAsync(IReadOnlyList<FulfilmentEntry> fulfilments, CancellationToken cancellationToken);

    /// <summary>Emergency request for a record held by <paramref name="custodian"/>; the sending account is a practitioner.</summary>
    Task<AccessRequestReceipt> RequestEmergencyAccessAsync(string custodian, Bytes32 recordId, ushort reasonCode, CancellationToken cancellationToken);

    /// <summary>The custodian served an emergency request: logs the break-glass under the requesting hospital.</summary>
    Task<ChainReceipt> RecordEmergencyFulfilmentAsync(Bytes32 requestId, string patientPseudonym, Bytes32 deliveryHash, CancellationToken cancellationToken);

    Task<EmergencyRequestInfo> GetEmergencyAsync(Bytes32 requestId, CancellationToken cancellationToken);

    Task<ChainReceipt> BreakGlassAsync(string patientPseudonym, Bytes32 recordId, ushort reasonCode, CancellationToken cancellationToken);

    Task<ChainReceipt> RecordAccessAsync(string patientPseudonym, Bytes32 recordId, AccessAction action, CancellationToken cancellationToken);

    Task<bool> HasAccessAsync(GrantRef grant, Bytes32 recordId, IReadOnlyList<Bytes32> proof, CancellationToken cancellationToken);

    Task<GrantInfo> GetGrantAsync(GrantRef grant, CancellationToken cancellationToken);

    Task<AccessRequestInfo> GetRequestAsync(Bytes32 requestId, CancellationToken cancellationToken);

    Task<Bytes32> GetGrantDigestAsync(GrantTerms terms, CancellationToken cancellationToken);

    Task<Bytes32> GetRevokeDigestAsync(Bytes32 grantId, CancellationToken cancellationToken);

    Task<Bytes32> GetDomainSeparatorAsync(CancellationToken cancellationToken);

    Task<Bytes32> GetGrantTypeHashAsync(CancellationToken cancellationToken);

    /// <summary>Break-glass accesses to one patient pseudonym, from the logs (filtered by the indexed topic).</summary>
    Task<IReadOnlyList<BreakGlassAccess>> GetBreakGlassAccessesAsync(string patientPseudonym, CancellationToken cancellationToken);

    /// <summary>Every AccessControl event about one patient pseudonym, oldest first (the patient's audit trail).</summary>
    Task<IReadOnlyList<PatientAuditEntry>> GetPatientHistoryAsync(string patientPseudonym, CancellationToken cancellationToken);
}
