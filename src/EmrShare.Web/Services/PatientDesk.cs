using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Merkle;
using EmrShare.Nodes;
using EmrShare.Nodes.Patient;
using EmrShare.Storage;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Patient;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Services;

/// <summary>
/// The patient's wallet desk, shared by the REST API and the Patient dashboard. Every use of the wallet's
/// mutable state (index, visited hospitals) runs under one gate: the wallet is a single-user object, while a
/// phone and a browser tab may call at once. Grants given are kept by the wallet itself (<see cref="PatientWallet.Given"/>,
/// persisted), so they can be listed and revoked by id after a restart too, from here or from the CLI.
/// </summary>
public sealed partial class PatientDesk(PatientActor actor, TimeProvider time, ILogger<PatientDesk> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    private PatientWallet Wallet => actor.Wallet;

    /// <summary>The medical index: which hospital holds which record version.</summary>
    public IReadOnlyList<IndexEntrySummary> Index
    {
        get
        {
            _gate.Wait();
            try
            {
                return [.. Wallet.Index.Entries.Select(IndexEntrySummary.Of)];
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>The newest indexed version of a record (or <paramref name="version"/>), fetched from its custodian and decrypted.</summary>
    public async Task<PatientRecordView> OpenRecordAsync(string recordId, int? version, CancellationToken cancellationToken)
    {
        var input = new InputValidator();
        var id = input.Record("recordId", recordId);
        input.ThrowIfInvalid();
        var entry = (await EntriesAsync(cancellationToken).ConfigureAwait(false)).Where(e => e.RecordId == id && (version is null || e.Version == version))
            .OrderByDescending(e => e.Version).FirstOrDefault() ?? throw new UnknownEntityException("no such record in the index");
        var record = await Wallet.OpenRecordAsync(entry, actor.Directory.Resolve(entry.Custodian).Store, cancellationToken).ConfigureAwait(false);
        var fhir = Fhir.Codec.FhirCodec.Clinical.Serialize(record.Resource, Fhir.Codec.FhirFormat.Json);
        return new PatientRecordView(IndexEntrySummary.Of(entry), record.ContentType, fhir, ClinicalSummaryView.Of(record.Summary));
    }

    /// <summary>The diagnosis summary of the newest version of every indexed record.</summary>
    public async Task<IReadOnlyList<DiagnosisSummary>> GetSummariesAsync(CancellationToken cancellationToken)
    {
        var newest = (await EntriesAsync(cancellationToken).ConfigureAwait(false)).GroupBy(e => e.RecordId).Select(g => g.MaxBy(e => e.Version)!).ToList();
        var summaries = new List<DiagnosisSummary>();
        foreach (var entry in newest)
        {
            try
            {
                var record = await Wallet.OpenRecordAsync(entry, actor.Directory.Resolve(entry.Custodian).Store, cancellationToken).ConfigureAwait(false);
                summaries.Add(new DiagnosisSummary(IndexEntrySummary.Of(entry), ClinicalSummaryView.Of(record.Summary)));
            }
            catch (Exception ex) when (ex is BlobNotFoundException or NodeException or Core.EmrShareSecurityException)
            {
                // Erased at its custodian (crypto-shredded) or custodian unreachable: one such record must not hide
                // the others' summaries; it stays listed in the index and opening it reports why.
                LogSummaryUnavailable(logger, ex.GetType().Name);
            }
        }

        return summaries;
    }

    /// <summary>Visits a hospital (mutual-auth handshake) and collects the records it created since the last visit.</summary>
    public async Task<VisitResult> VisitAsync(VisitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new InputValidator();
        var hospital = input.Address("hospital", request.Hospital);
        input.ThrowIfInvalid();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var visit = await BeginVisitAsync(hospital, cancellationToken).ConfigureAwait(false);
            var (added, anchor) = await Wallet.CollectRecordsAsync(visit, cancellationToken).ConfigureAwait(false);
            return new VisitResult(hospital.ToString(), visit.LocalPatientId, [.. added.Select(IndexEntrySummary.Of)], anchor is null ? null : TransactionResult.Of(anchor));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Signs a grant with the custodian pseudonym and hands it to the grantee during a visit there.</summary>
    public async Task<PatientGrant> GrantAsync(GrantRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new InputValidator();
        var grantee = input.Address("grantee", request.Grantee);
        var custodian = input.Address("custodian", request.Custodian);
        var records = new List<RecordId>();
        if (request.RecordIds is { Count: > GrantScope.MaxRecords })
        {
            input.Add("recordIds", $"at most {GrantScope.MaxRecords} records per grant");
        }
        else
        {
            for (var i = 0; i < (request.RecordIds?.Count ?? 0); i++)
            {
                records.Add(input.Record($"recordIds[{i}]", request.RecordIds![i]));
            }
        }

        var now = time.GetUtcNow();
        if (request.Expiry is not { } expiry || expiry <= now || expiry > now.AddYears(5))
        {
            input.Add("expiry", "a future time within five years");
            expiry = default;
        }

        input.ThrowIfInvalid();
        if (records.Distinct().Count() != records.Count)
        {
            throw new RequestValidationException("recordIds", "each record only once");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (records.Any(r => !Wallet.Index.Entries.Any(e => e.RecordId == r && e.Custodian == custodian)))
            {
                throw new UnknownEntityException("a granted record is not in the index under this custodian");
            }

            using var visit = await BeginVisitAsync(grantee, cancellationToken).ConfigureAwait(false);
            var accepted = await Wallet.GrantAsync(visit, custodian, records, expiry, cancellationToken).ConfigureAwait(false);
            return View(Wallet.Given.Find(accepted.GrantId));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The grants given through this wallet, newest last.</summary>
    public IReadOnlyList<PatientGrant> Grants => [.. Wallet.Given.All.OrderBy(g => g.Expiry).Select(View)];

    /// <summary>
    /// Revokes a grant, signed by the patient and relayed by the Center (<paramref name="relay"/> null or "center") or
    /// submitted by the wallet's own account ("own"). The answer says revoked only once the chain shows it; otherwise
    /// the grant is answered as revocation pending (an alert) and can be revoked again the other way. 404 unknown,
    /// 409 already revoked.
    /// </summary>
    public async Task<PatientGrant> RevokeAsync(string grantId, CancellationToken cancellationToken, string? relay = null)
    {
        var input = new InputValidator();
        var id = input.Hash("grantId", grantId);
        if (relay is not (null or "center" or "own"))
        {
            input.Add("relay", "center (default) or own");
        }

        input.ThrowIfInvalid();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var held = Wallet.Given.Find(id);
            if (held.Revoked)
            {
                throw new ConflictException("this grant is already revoked");
            }

            try
            {
                await Wallet.RevokeAsync(held.Grant, relay == "own" ? Wallet.OwnRelay : actor.RevocationRelay, cancellationToken).ConfigureAwait(false);
            }
            catch (RevocationNotConfirmedException)
            {
                // Answered as pending (the view says so), not as an error: the patient sees the alert and may relay again.
            }

            return View(Wallet.Given.Find(id));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Who did what with the patient's grants and records (chain events); break-glass reads are alerts.</summary>
    public async Task<IReadOnlyList<AccessLogItem>> GetAccessLogAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<AccessLogEntry> log;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            log = await Wallet.GetAccessLogAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        return [.. log.Select(l => new AccessLogItem(
            l.Hospital.ToString(),
            l.Entry.Kind.ToString(),
            l.Entry.Counterparty,
            l.Entry.GrantId?.ToString(),
            l.Entry.RecordId?.ToString(),
            (long)l.Entry.BlockNumber,
            l.At,
            l.Entry.TransactionHash,
            l.Entry.Kind == PatientAuditKind.BreakGlassAccessed,
            l.Entry.Kind == PatientAuditKind.BreakGlassAccessed ? BreakGlassReason(l.Entry.Code) : null))];
    }

    /// <summary>The access log as a FHIR R4 AuditEvent Bundle (JSON).</summary>
    public async Task<string> ExportAuditAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Wallet.ExportAuditAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The registration request for the Center: identity commitment (fresh salt, kept by the patient), one
    /// pseudonym per listed hospital address, and the index account.
    /// </summary>
    public RegistrationRequestView CreateRegistrationRequest(string? hospitals)
    {
        var input = new InputValidator();
        var parts = (hospitals ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is 0 or > 64)
        {
            input.Add("hospitals", "a comma-separated list of 1 to 64 hospital addresses");
        }

        var addresses = parts.Length > 64 ? [] : parts.Select((p, i) => input.Address($"hospitals[{i}]", p)).ToList();
        input.ThrowIfInvalid();
        var request = Wallet.RegistrationRequest(addresses);
        return new RegistrationRequestView(request.IdentityCommitment.ToString(), [.. request.Pseudonyms.Select(p => p.ToString())], request.IndexAccount.ToString(), request.Proofs);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>A snapshot of the index taken under the gate (a visit may be adding entries meanwhile).</summary>
    private async Task<IReadOnlyList<IndexEntry>> EntriesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return [.. Wallet.Index.Entries];
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<PatientVisit> BeginVisitAsync(ChainAddress hospital, CancellationToken cancellationToken) =>
        Wallet.BeginVisitAsync(actor.Directory.Resolve(hospital).Endpoint, hospital, cancellationToken);

    private static PatientGrant View(GivenGrant given) =>
        new(given.Grant.GrantId.ToString(), given.Grant.Grantee.ToString(), given.Grant.Custodian.ToString(), given.Grant.Scope.ToString(),
            [.. given.Records.Select(r => r.ToString())], given.Expiry, given.Grant.TransactionHash, given.Revoked, given.RevokedTransaction, given.RevocationPending);

    private static string BreakGlassReason(ushort? code) => code switch
    {
        1 => "patient unconscious",
        2 => "life-threatening emergency",
        3 => "other emergency",
        _ => "unspecified",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "a record's summary is left out of the wallet's summary list ({ErrorType}); the record stays in the index and opening it says why")]
    private static partial void LogSummaryUnavailable(ILogger logger, string errorType);
}
