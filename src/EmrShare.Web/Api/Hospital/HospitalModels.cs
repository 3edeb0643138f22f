using EmrShare.Nodes.Hospital;

namespace EmrShare.Web.Api.Hospital;

/// <summary>
/// A patient known here: local id, this hospital's pseudonym of them, first visit. <paramref name="EmergencyOnly"/>: a
/// chart opened for an emergency copy (break-glass) whose patient has not checked in here yet, so it has no pseudonym
/// here and <paramref name="FirstVisit"/> is when its first record was filed.
/// </summary>
public sealed record PatientSummary(string LocalId, string Pseudonym, DateTimeOffset FirstVisit, bool EmergencyOnly = false)
{
    public static PatientSummary Of(PatientRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new PatientSummary(row.LocalId, row.Pseudonym, DateTimeOffset.FromUnixTimeSeconds(row.CreatedAt));
    }

    public static PatientSummary OfEmergencyChart(EmergencyChartRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new PatientSummary(row.LocalId, string.Empty, DateTimeOffset.FromUnixTimeSeconds(row.CreatedAt), EmergencyOnly: true);
    }
}

/// <summary>A patient with the record versions held about them here.</summary>
public sealed record PatientDetail(PatientSummary Patient, IReadOnlyList<RecordSummary> Records);

/// <summary>
/// A record as staff read it: the newest version's metadata, every version held (the timeline), the decrypted
/// content (FHIR JSON or XML as stored) and its readable summary. Erased records have no content.
/// </summary>
public sealed record RecordDetail(RecordSummary Latest, IReadOnlyList<RecordSummary> Versions, string ContentType, string Content, ClinicalSummaryView Summary);

/// <summary>A version created or amended here and anchored on chain.</summary>
/// <summary>
/// An import: the first record's fields (as for a create), every record written (one per message of an HL7 batch)
/// and what the source carried that was not imported ("NK1 (segment 4)"), also counted on each stored record.
/// </summary>
public sealed record ImportResult(string RecordId, long Version, string Cid, string Commitment, TransactionResult Anchor,
    IReadOnlyList<RecordWritten> Records, IReadOnlyList<string> NotImported)
{
    public static ImportResult Of(IReadOnlyList<RecordWritten> records, IReadOnlyList<string> notImported)
    {
        ArgumentNullException.ThrowIfNull(records);
        var first = records[0];
        return new ImportResult(first.RecordId, first.Version, first.Cid, first.Commitment, first.Anchor, records, notImported);
    }
}

public sealed record RecordWritten(string RecordId, long Version, string Cid, string Commitment, TransactionResult Anchor)
{
    public static RecordWritten Of(RecordCreated created)
    {
        ArgumentNullException.ThrowIfNull(created);
        return new RecordWritten(created.RecordId.ToString(), created.Version, created.Cid, created.Commitment.ToString(), TransactionResult.Of(created.Anchor));
    }
}

/// <summary>Request record <see cref="RecordId"/> from its custodian under grant <see cref="GrantId"/> held here.</summary>
public sealed record AccessRequestBody(string? GrantId, string? RecordId);

/// <summary>The verified and stored record received under a grant, with the chain transactions of the exchange.</summary>
public sealed record AccessResult(string RecordId, long Version, string Custodian, string? RequestTransaction, string? FulfilmentTransaction, bool AlreadyHeld, RecordDetail Record);

/// <summary>An access request another hospital made for a record held here, and how this custodian answered.</summary>
public sealed record IncomingRequest(string RequestId, string Grantee, string GrantId, string RecordId, string Status, string? Reason, string? TransactionHash, DateTimeOffset ReceivedAt)
{
    public static IncomingRequest Of(FulfilmentRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new IncomingRequest(row.RequestId, row.Grantee, row.GrantId, row.RecordId, row.Status, row.Reason, row.TransactionHash, DateTimeOffset.FromUnixTimeSeconds(row.CreatedAt));
    }
}

/// <summary>A grant this hospital holds as grantee (scope zero = all the patient's records at the custodian).</summary>
/// <remarks><paramref name="Status"/>: the grant on chain now, "active", "revoked" (by the patient) or "expired"; only an active grant can be requested under.</remarks>
public sealed record HeldGrant(string GrantId, string Scope, string Custodian, string Patient, string LocalPatientId, IReadOnlyList<string> RecordIds, string TransactionHash, DateTimeOffset ReceivedAt,
    string Status = "active");

/// <summary>Break-glass reason: 1 unconscious, 2 life-threatening, 3 other.</summary>
public sealed record BreakGlassBody(int? ReasonCode);

/// <summary>The record read in an emergency and the on-chain log entry the patient will see as an alert.</summary>
public sealed record BreakGlassResult(RecordDetail Record, TransactionResult Logged);

/// <summary>A line of this hospital's local audit (mirrors what it did on chain).</summary>
public sealed record AuditLine(long Id, DateTimeOffset At, string Kind, string? RecordId, string? Counterpart, string? TransactionHash)
{
    public static AuditLine Of(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new AuditLine(row.Id, DateTimeOffset.FromUnixTimeSeconds(row.At), row.Kind, row.RecordId, row.Counterpart, row.TransactionHash);
    }
}
