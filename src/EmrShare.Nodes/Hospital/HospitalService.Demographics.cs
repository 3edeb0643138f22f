using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Demographics;
using EmrShare.Core;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Wrong-patient safety (issue 16 item 7). The hospital keeps each chart's demographics locally, sealed at rest,
/// never on chain. They are registered explicitly (<see cref="RegisterDemographicsAsync"/>) or taken from the first
/// record filed into the chart that carries a Patient. Every later create, import and amend compares the record's
/// Patient(s) with them; a mismatch is refused (<see cref="PatientMismatchException"/>) unless a clinician overrides
/// it with a reason, which is logged locally with an audit line.
/// </summary>
public sealed partial class HospitalService
{
    private static readonly byte[] DemographicsKeyInfo = "emrshare/hospital/demographics/v1"u8.ToArray();

    /// <summary>Creates version 1, checking first that the record is about this chart's patient.</summary>
    public async Task<RecordCreated> CreateRecordAsync(string localPatientId, byte[] content, string contentType, ChainAddress practitioner,
        DemographicsOverride? demographicsOverride, CancellationToken cancellationToken)
    {
        var check = await CheckPatientAsync(localPatientId, content, contentType, demographicsOverride, cancellationToken).ConfigureAwait(false);
        var created = await CreateUncheckedAsync(localPatientId, content, contentType, practitioner, cancellationToken).ConfigureAwait(false);
        await CompletePatientCheckAsync(check, created.RecordId, practitioner, cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Amends a record, checking first that the new version is about the record's patient.</summary>
    public async Task<RecordCreated> AmendAsync(RecordId recordId, byte[] content, string contentType, ChainAddress practitioner,
        DemographicsOverride? demographicsOverride, CancellationToken cancellationToken)
    {
        var previous = await Database.FindLatestRecordAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such record here");
        var check = await CheckPatientAsync(previous.LocalPatientId, content, contentType, demographicsOverride, cancellationToken).ConfigureAwait(false);
        var amended = await AmendUncheckedAsync(recordId, content, contentType, practitioner, cancellationToken).ConfigureAwait(false);
        await CompletePatientCheckAsync(check, amended.RecordId, practitioner, cancellationToken).ConfigureAwait(false);
        return amended;
    }

    /// <summary>Registers (or corrects) a chart's demographics from a FHIR Patient (JSON/XML); audited as "demographics".</summary>
    public async Task RegisterDemographicsAsync(string localPatientId, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var record = FhirCodec.Clinical.ParseRecord(content, contentType);
        var patient = record.Resource as Hl7.Fhir.Model.Patient
            ?? throw new FhirValidationException(new FhirValidationIssue(FhirIssueCodes.WrongResourceType, record.Resource.TypeName, "a chart's demographics are registered from a Patient resource"));
        var row = await Database.FindPatientAsync(localPatientId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such patient here");
        await SaveDemographicsAsync(row.LocalId, PatientDemographics.Of(patient), "demographics", cancellationToken).ConfigureAwait(false);
        await MergeEmergencyChartsAtCheckInAsync(row.LocalId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The chart's demographics, or null when none are registered yet (a PHI read: callers audit it).</summary>
    public async Task<PatientDemographics?> FindDemographicsAsync(string localPatientId, CancellationToken cancellationToken)
    {
        var sealedBytes = await Database.FindSealedDemographicsAsync(localPatientId, cancellationToken).ConfigureAwait(false);
        return sealedBytes is null ? null : JsonSerializer.Deserialize<PatientDemographics>(OpenDemographics(localPatientId, sealedBytes));
    }

    private async Task<PatientCheck> CheckPatientAsync(string localPatientId, byte[] content, string contentType, DemographicsOverride? demographicsOverride, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (demographicsOverride is not null && string.IsNullOrWhiteSpace(demographicsOverride.Reason))
        {
            throw new ArgumentException("a wrong-patient override needs a reason");
        }

        var incoming = PatientDemographics.FoundIn(FhirCodec.Clinical.ParseRecord(content, contentType).Resource).Where(d => !d.IsEmpty).ToList();
        var chart = await FindDemographicsAsync(localPatientId, cancellationToken).ConfigureAwait(false);
        var reference = chart ?? incoming.FirstOrDefault();
        var fields = reference is null ? [] : incoming.SelectMany(d => DemographicsMatcher.Mismatches(reference, d)).Distinct(StringComparer.Ordinal).ToList();
        if (fields.Count > 0 && demographicsOverride is null)
        {
            throw new PatientMismatchException(fields);
        }

        return new PatientCheck(localPatientId, chart is null ? incoming.FirstOrDefault() : null, fields, demographicsOverride);
    }

    private async Task CompletePatientCheckAsync(PatientCheck check, RecordId recordId, ChainAddress practitioner, CancellationToken cancellationToken)
    {
        if (check.FirstDemographics is { } first)
        {
            // Taken from the record just created: that record's own "create" audit line covers it.
            await SaveDemographicsAsync(check.LocalPatientId, first, null, cancellationToken).ConfigureAwait(false);
        }

        if (check.Mismatches.Count > 0 && check.Override is { } decision)
        {
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            var row = new DemographicsOverrideRow
            {
                At = now,
                LocalId = check.LocalPatientId,
                RecordId = recordId.ToString(),
                Practitioner = practitioner.Lower,
                Fields = string.Join(", ", check.Mismatches),
                Reason = decision.Reason.Trim(),
            };
            await Database.AddDemographicsOverrideAsync(row, NewAudit("wrong-patient-override", row.RecordId, row.Practitioner, null), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SaveDemographicsAsync(string localPatientId, PatientDemographics demographics, string? auditKind, CancellationToken cancellationToken)
    {
        var sealedBytes = SealDemographics(localPatientId, JsonSerializer.SerializeToUtf8Bytes(demographics));
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        await Database.SaveSealedDemographicsAsync(localPatientId, sealedBytes, now, auditKind is null ? null : NewAudit(auditKind, null, localPatientId, null), cancellationToken).ConfigureAwait(false);
    }

    // nonce (12) ‖ tag (16) ‖ ciphertext; the chart's local id is bound as associated data, so a sealed row moved
    // to another chart does not open.
    private byte[] SealDemographics(string localPatientId, byte[] plain)
    {
        var key = DemographicsKey();
        try
        {
            using var aes = new AesGcm(key, 16);
            var output = new byte[12 + 16 + plain.Length];
            RandomNumberGenerator.Fill(output.AsSpan(0, 12));
            aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(28), output.AsSpan(12, 16), Encoding.UTF8.GetBytes(localPatientId));
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private byte[] OpenDemographics(string localPatientId, byte[] sealedBytes)
    {
        var key = DemographicsKey();
        try
        {
            using var aes = new AesGcm(key, 16);
            var plain = new byte[sealedBytes.Length - 28];
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plain, Encoding.UTF8.GetBytes(localPatientId));
            return plain;
        }
        catch (CryptographicException ex)
        {
            throw new RecordTamperedException("the chart's sealed demographics do not open", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    // Not zeroed here: Nethereum hands out its own key array, not a copy (zeroing it destroyed the hospital key).
    private byte[] DemographicsKey() =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _keys.Encryption.GetPrivateKeyAsBytes(), 32, salt: [], info: DemographicsKeyInfo);

    // FirstDemographics is set when the chart had none: the record's patient becomes the chart's.
    private sealed record PatientCheck(string LocalPatientId, PatientDemographics? FirstDemographics, IReadOnlyList<string> Mismatches, DemographicsOverride? Override);
}
