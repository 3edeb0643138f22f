using System.Security.Claims;
using System.Text;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Fhir.Codec;
using EmrShare.Nodes;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Services;

/// <summary>
/// The hospital's staff desk, shared by the REST API and the Hospital dashboard. Every read goes to this
/// hospital's own database and keys, so it can only ever show records held here (created here or received under
/// a grant). Records are signed by the practitioner key of the signed-in clinician (<c>practitionerIndex</c>).
/// </summary>
public sealed partial class HospitalDesk(HospitalActor actor)
{
    private readonly HospitalImporter _importer = new(actor);

    private HospitalService Hospital => actor.Hospital;

    /// <summary>Native formats accepted by ImportAsync (fhir+json, fhir+xml, hl7v2, cda).</summary>
    public IReadOnlyCollection<string> ImportFormats => _importer.Formats;

    /// <summary>Patients seen here, and charts opened for an emergency copy (marked) before their patient checked in.</summary>
    public Task<IReadOnlyList<PatientSummary>> ListPatientsAsync(CancellationToken cancellationToken) =>
        ChartList.ListAsync(Hospital.Database, cancellationToken);

    /// <summary>One patient (or emergency chart) and the record versions held about them (404 if unknown here).</summary>
    public async Task<PatientDetail> GetPatientAsync(string localId, CancellationToken cancellationToken)
    {
        var patient = await FindChartAsync(localId, cancellationToken).ConfigureAwait(false);
        var records = (await Hospital.Database.ListChartRecordsAsync(patient.LocalId, cancellationToken).ConfigureAwait(false)).Select(RecordSummary.Of).ToList();
        return new PatientDetail(patient, records);
    }

    /// <summary>Every record version held here (metadata only).</summary>
    public async Task<IReadOnlyList<RecordSummary>> ListRecordsAsync(CancellationToken cancellationToken) =>
        [.. (await Hospital.Database.ListRecordsAsync(cancellationToken).ConfigureAwait(false)).Select(RecordSummary.Of)];

    /// <summary>The versions of one record held here, oldest first (404 if none).</summary>
    public async Task<IReadOnlyList<RecordSummary>> GetTimelineAsync(string recordId, CancellationToken cancellationToken)
    {
        var id = ParseRecord(recordId);
        var versions = await Hospital.Database.ListVersionsAsync(id.ToString(), cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? throw new UnknownEntityException("no such record here") : [.. versions.Select(RecordSummary.Of)];
    }

    /// <summary>
    /// The newest version decrypted with this hospital's key, its summary and timeline, through the read gate (audited;
    /// 403 without a care relationship or for an admin; 404 unknown, 410 erased). <paramref name="route"/> names the path.
    /// </summary>
    public async Task<RecordDetail> GetRecordAsync(string recordId, ClaimsPrincipal user, string route, CancellationToken cancellationToken)
    {
        var id = ParseRecord(recordId);
        var read = await Hospital.Reader.ReadAsync(id, StaffReaders.Of(user, Hospital.Keys.PractitionerAddresses, route), cancellationToken).ConfigureAwait(false);
        return await DetailAsync(read.Record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The newest version of every record this hospital wrote for a patient, each through the read gate (audited; 403 for
    /// an admin), for the chart's allergy banner. Received records are counted, not read: reading one is an on-chain
    /// access event, which opening the record itself records.
    /// </summary>
    public async Task<ChartContents> ReadChartAsync(string localId, ClaimsPrincipal user, string route, CancellationToken cancellationToken)
    {
        var patient = await FindChartAsync(localId, cancellationToken).ConfigureAwait(false);
        var latest = (await Hospital.Database.ListChartRecordsAsync(patient.LocalId, cancellationToken).ConfigureAwait(false)).GroupBy(r => r.RecordId).Select(g => g.MaxBy(r => r.Version)!).ToList();
        var reader = StaffReaders.Of(user, Hospital.Keys.PractitionerAddresses, route);
        var contents = new List<RecordContent>();
        foreach (var row in latest.Where(r => r.Origin == "local" && r.WrappedKeySelf.Length > 0))
        {
            contents.Add((await Hospital.Reader.ReadAsync(ParseRecord(row.RecordId), reader, cancellationToken).ConfigureAwait(false)).Record);
        }

        return new ChartContents(contents, latest.Count(r => r.Origin != "local"));
    }

    /// <summary>Creates version 1 for a patient seen here from a FHIR JSON/XML body (invalid FHIR → 422 with issues).</summary>
    public Task<RecordWritten> CreateRecordAsync(string localPatientId, byte[] content, string? contentType, int? practitionerIndex, CancellationToken cancellationToken) =>
        CreateRecordAsync(localPatientId, content, contentType, practitionerIndex, null, cancellationToken);

    /// <summary>Creates version 1; a record about another patient than the chart's → 409 unless <paramref name="overrideReason"/> is given.</summary>
    public async Task<RecordWritten> CreateRecordAsync(string localPatientId, byte[] content, string? contentType, int? practitionerIndex, string? overrideReason,
        CancellationToken cancellationToken)
    {
        var patient = await FindPatientAsync(localPatientId, cancellationToken).ConfigureAwait(false);
        var practitioner = Practitioner(practitionerIndex);
        var created = await Hospital.CreateRecordAsync(patient.LocalId, content, ContentTypeOf(contentType), practitioner, Override(overrideReason), cancellationToken).ConfigureAwait(false);
        return RecordWritten.Of(created);
    }

    /// <summary>Amends a record held here: a new version under a new data key, linked to the previous one.</summary>
    public Task<RecordWritten> AmendRecordAsync(string recordId, byte[] content, string? contentType, int? practitionerIndex, CancellationToken cancellationToken) =>
        AmendRecordAsync(recordId, content, contentType, practitionerIndex, null, cancellationToken);

    /// <summary>Amends; a new version about another patient than the record's → 409 unless <paramref name="overrideReason"/> is given.</summary>
    public async Task<RecordWritten> AmendRecordAsync(string recordId, byte[] content, string? contentType, int? practitionerIndex, string? overrideReason,
        CancellationToken cancellationToken)
    {
        var id = ParseRecord(recordId);
        var practitioner = Practitioner(practitionerIndex);
        return RecordWritten.Of(await Hospital.AmendAsync(id, content, ContentTypeOf(contentType), practitioner, Override(overrideReason), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Converts a native-format document (HL7 v2, C-CDA, FHIR) to FHIR through the adapter registry and creates a record from it.</summary>
    public Task<RecordWritten> ImportAsync(string localPatientId, string? format, byte[] content, int? practitionerIndex, CancellationToken cancellationToken) =>
        ImportAsync(localPatientId, format, content, practitionerIndex, null, cancellationToken);

    /// <summary>Imports a native document; its patient (PID, recordTarget, Patient) is checked against the chart like a create.</summary>
    public async Task<RecordWritten> ImportAsync(string localPatientId, string? format, byte[] content, int? practitionerIndex, string? overrideReason,
        CancellationToken cancellationToken)
    {
        var imported = await ImportWithReportAsync(localPatientId, format, content, practitionerIndex, overrideReason, cancellationToken).ConfigureAwait(false);
        return imported.Records[0];
    }

    /// <summary>Imports a native document or HL7 batch: every record written and what was not imported.</summary>
    public async Task<ImportResult> ImportWithReportAsync(string localPatientId, string? format, byte[] content, int? practitionerIndex, string? overrideReason,
        CancellationToken cancellationToken)
    {
        var patient = await FindPatientAsync(localPatientId, cancellationToken).ConfigureAwait(false);
        var practitioner = Practitioner(practitionerIndex);
        return await _importer.ImportAsync(patient.LocalId, format, content, practitioner, Override(overrideReason), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Requests a record from its custodian under a grant held here (on-chain requestAccess, the custodian's
    /// watcher fulfils, this hospital verifies and stores); returns the stored record. Revoked/expired → 403.
    /// </summary>
    public async Task<AccessResult> RequestAccessAsync(AccessRequestBody body, ClaimsPrincipal user, string route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var input = new InputValidator();
        var grant = input.Hash("grantId", body.GrantId);
        var record = input.Record("recordId", body.RecordId);
        input.ThrowIfInvalid();
        var reader = StaffReaders.Of(user, Hospital.Keys.PractitionerAddresses, route);
        var received = await Hospital.RequestRecordAsync(grant, record, cancellationToken).ConfigureAwait(false);
        var read = await Hospital.Reader.ReadAsync(received.RecordId, reader, cancellationToken).ConfigureAwait(false);
        var detail = await DetailAsync(read.Record, cancellationToken).ConfigureAwait(false);
        // A version already held here is answered from the EMR database with no transaction at all.
        return received.AlreadyHeld
            ? new AccessResult(received.RecordId.ToString(), received.Version, received.Custodian.ToString(), null, null, true, detail)
            : new AccessResult(received.RecordId.ToString(), received.Version, received.Custodian.ToString(),
                received.Request.TransactionHash, received.FulfilmentTransaction, false, detail);
    }

    /// <summary>Requests other hospitals made for records held here and how each was answered.</summary>
    public async Task<IReadOnlyList<IncomingRequest>> ListIncomingRequestsAsync(CancellationToken cancellationToken) =>
        [.. (await Hospital.Database.ListFulfilmentsAsync(cancellationToken).ConfigureAwait(false)).Select(IncomingRequest.Of)];

    /// <summary>Grants held here as grantee, each with its state on chain (active, revoked or expired).</summary>
    public async Task<IReadOnlyList<HeldGrant>> ListGrantsAsync(CancellationToken cancellationToken)
    {
        var rows = await Hospital.Database.ListGrantsAsync(cancellationToken).ConfigureAwait(false);
        var grants = new List<HeldGrant>(rows.Count);
        foreach (var g in rows)
        {
            var status = await Hospital.GetHeldGrantStatusAsync(g, cancellationToken).ConfigureAwait(false);
            grants.Add(new HeldGrant(g.GrantId, g.Scope, g.Custodian, g.Patient, g.LocalPatientId,
                JsonSerializer.Deserialize<List<string>>(g.RecordsJson) ?? [], g.TransactionHash, DateTimeOffset.FromUnixTimeSeconds(g.CreatedAt),
                status.ToString().ToLowerInvariant()));
        }

        return grants;
    }

    /// <summary>Emergency read without consent by the signed-in practitioner, logged on chain first (reason 1–3).</summary>
    public async Task<BreakGlassResult> BreakGlassAsync(string recordId, BreakGlassBody body, ClaimsPrincipal user, string route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var id = ParseRecord(recordId);
        if (body.ReasonCode is not (>= 1 and <= 3))
        {
            throw new RequestValidationException("reasonCode", "1 (unconscious), 2 (life-threatening) or 3 (other)");
        }

        var reader = StaffReaders.Of(user, Hospital.Keys.PractitionerAddresses, route, (ushort)body.ReasonCode.Value);
        if (reader.Role == StaffRole.Clinician && reader.Practitioner is null)
        {
            throw new PractitionerRequiredException("this account has no practitioner key to sign the break-glass access with");
        }

        var read = await Hospital.Reader.ReadAsync(id, reader, cancellationToken).ConfigureAwait(false);
        return new BreakGlassResult(await DetailAsync(read.Record, cancellationToken).ConfigureAwait(false), TransactionResult.Of(read.Logged!));
    }

    /// <summary>Crypto-shreds a record held here (all versions' keys deleted, envelopes collected).</summary>
    public async Task EraseAsync(string recordId, CancellationToken cancellationToken) =>
        await Hospital.EraseRecordAsync(ParseRecord(recordId), cancellationToken).ConfigureAwait(false);

    /// <summary>This hospital's local audit lines, oldest first.</summary>
    public async Task<IReadOnlyList<AuditLine>> GetAuditAsync(CancellationToken cancellationToken) =>
        [.. (await Hospital.Database.ListAuditAsync(cancellationToken).ConfigureAwait(false)).Select(AuditLine.Of)];

    /// <summary>This hospital's local audit as a FHIR AuditEvent Bundle (JSON).</summary>
    public async Task<string> ExportAuditAsync(CancellationToken cancellationToken) =>
        HospitalAuditExport.ToJson(await Hospital.Database.ListAuditAsync(cancellationToken).ConfigureAwait(false), Hospital.Address.ToString());

    /// <summary>Builds the staff view of content the read gate released (never reads on its own).</summary>
    private async Task<RecordDetail> DetailAsync(RecordContent content, CancellationToken cancellationToken)
    {
        var versions = await Hospital.Database.ListVersionsAsync(content.RecordId.ToString(), cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            throw new UnknownEntityException("no such record here");
        }

        var record = FhirCodec.Clinical.ParseRecord(content.Content, content.ContentType);
        var timeline = versions.Select(RecordSummary.Of).ToList();
        return new RecordDetail(timeline[^1], timeline, content.ContentType, Encoding.UTF8.GetString(content.Content), ClinicalSummaryView.Of(record.Summary));
    }

    private async Task<PatientRow> FindPatientAsync(string localId, CancellationToken cancellationToken)
    {
        ValidateLocalId(localId);
        return await Hospital.Database.FindPatientAsync(localId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException((await ChartList.FindAsync(Hospital.Database, localId, cancellationToken).ConfigureAwait(false))?.EmergencyOnly == true
                ? "this chart holds only emergency copies: new records are written once the patient checks in here"
                : "no such patient here");
    }

    /// <summary>A checked-in patient or a chart opened for an emergency copy (read-only views).</summary>
    private async Task<PatientSummary> FindChartAsync(string localId, CancellationToken cancellationToken)
    {
        ValidateLocalId(localId);
        return await ChartList.FindAsync(Hospital.Database, localId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such patient here");
    }

    private static void ValidateLocalId(string localId)
    {
        if (string.IsNullOrWhiteSpace(localId) || localId.Length > 100)
        {
            throw new RequestValidationException("localId", "a local patient id of at most 100 characters");
        }
    }

    /// <summary>The address of the practitioner key the account signs with (403 without one).</summary>
    public string PractitionerAddress(int? index) => Practitioner(index).ToString();

    private ChainAddress Practitioner(int? index)
    {
        var practitioners = Hospital.Keys.PractitionerAddresses;
        return index is { } i && i >= 0 && i < practitioners.Count
            ? practitioners[i]
            : throw new PractitionerRequiredException("this account has no practitioner key to sign records with");
    }

    private static RecordId ParseRecord(string recordId)
    {
        var input = new InputValidator();
        var id = input.Record("recordId", recordId);
        input.ThrowIfInvalid();
        return id;
    }

    /// <summary>Registers or corrects a chart's demographics (FHIR Patient), against which every record is checked.</summary>
    public async Task RegisterDemographicsAsync(string localPatientId, byte[] content, string? contentType, CancellationToken cancellationToken)
    {
        var patient = await FindPatientAsync(localPatientId, cancellationToken).ConfigureAwait(false);
        await Hospital.RegisterDemographicsAsync(patient.LocalId, content, ContentTypeOf(contentType), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An explicit wrong-patient override: given only with a reason (blank → 400, not a silent pass).</summary>
    private static DemographicsOverride? Override(string? reason)
    {
        if (reason is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            throw new RequestValidationException("overrideReason", "why this record belongs in this chart although its patient differs (1–500 characters)");
        }

        return new DemographicsOverride(reason);
    }

    private static string ContentTypeOf(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? FhirFormats.JsonContentType : contentType;
}
