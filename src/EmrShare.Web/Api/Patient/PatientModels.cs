namespace EmrShare.Web.Api.Patient;

/// <summary>One of the patient's records opened from its custodian and decrypted in the wallet.</summary>
public sealed record PatientRecordView(IndexEntrySummary Entry, string ContentType, string Fhir, ClinicalSummaryView Summary);

/// <summary>The diagnosis summary of one indexed record (what the wallet's overview lists).</summary>
public sealed record DiagnosisSummary(IndexEntrySummary Entry, ClinicalSummaryView Summary);

/// <summary>Visit a hospital (mutual-auth handshake) and collect the records it created since the last visit.</summary>
public sealed record VisitRequest(string? Hospital);

/// <summary>The outcome of a visit: the hospital's local id for the patient and the records added to the index.</summary>
public sealed record VisitResult(string Hospital, string LocalPatientId, IReadOnlyList<IndexEntrySummary> Collected, TransactionResult? IndexAnchor);

/// <summary>
/// Grant <see cref="Grantee"/> read access to <see cref="RecordIds"/> held by <see cref="Custodian"/> (empty = all
/// records there) until <see cref="Expiry"/>. The wallet visits the grantee to hand the signed grant over.
/// </summary>
public sealed record GrantRequest(string? Grantee, string? Custodian, IReadOnlyList<string>? RecordIds, DateTimeOffset? Expiry);

/// <summary>A grant the patient gave, as the wallet remembers it.</summary>
public sealed record PatientGrant(string GrantId, string Grantee, string Custodian, string Scope, IReadOnlyList<string> RecordIds, DateTimeOffset Expiry, string TransactionHash, bool Revoked, string? RevokeTransaction, bool RevocationPending = false);

/// <summary>One access-log event from the chain; break-glass accesses are flagged as alerts with their reason.</summary>
public sealed record AccessLogItem(string Hospital, string Kind, string? Counterparty, string? GrantId, string? RecordId, long BlockNumber, DateTimeOffset At, string TransactionHash, bool Alert, string? Reason);

/// <summary>What the patient hands the Center to be registered (nothing identifying).</summary>
public sealed record RegistrationRequestView(string IdentityCommitment, IReadOnlyList<string> Pseudonyms, string IndexAccount, IReadOnlyList<Core.Identity.PseudonymRegistration> Proofs);
