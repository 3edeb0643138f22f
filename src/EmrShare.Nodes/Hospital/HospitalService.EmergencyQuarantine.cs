using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Review finding 8: the wrong-patient check of an emergency copy (HospitalService.EmergencyChart.cs) can only run once
/// the custodian has disclosed the record. So a refused copy is not thrown away: it is kept as received — envelope
/// still encrypted, data key still wrapped for this hospital, no plaintext — in a quarantine that no chart and no list
/// shows (audited "emergency-quarantine"). A clinician who has checked files it with an override reason
/// (<see cref="FileQuarantinedEmergencyAsync"/>): every check of the original delivery runs again on the kept bytes,
/// with no second request to the custodian, so the custodian discloses once. Copies nobody files are purged after
/// <see cref="HospitalOptions.EmergencyQuarantineTime"/> (audited "emergency-quarantine-purge"); an expired copy is
/// never filed even before it is purged.
/// </summary>
public sealed partial class HospitalService
{
    /// <summary>Audit kind of an emergency copy put in quarantine (counterpart: the custodian).</summary>
    public const string QuarantineAudit = "emergency-quarantine";

    /// <summary>Audit kind of a quarantined copy filed with an override (counterpart: the practitioner who filed it).</summary>
    public const string QuarantineFiledAudit = "emergency-quarantine-filed";

    /// <summary>Audit kind of a quarantined copy purged unfiled after <see cref="HospitalOptions.EmergencyQuarantineTime"/>.</summary>
    public const string QuarantinePurgeAudit = "emergency-quarantine-purge";

    private static readonly TimeSpan QuarantinePurgeInterval = TimeSpan.FromMinutes(1);
    private long _nextQuarantinePurge;

    /// <summary>
    /// Files a quarantined emergency copy into the chart the clinician names now (<see cref="QuarantineFiling.LocalPatientId"/>;
    /// the original request's chart when none is given). Into the original chart it needs the override reason (the
    /// check already refused it there); into a corrected chart the wrong-patient check runs again against that chart:
    /// a match files with no override, a mismatch needs the reason as before (override log and audit line). A record
    /// or custodian given that is not the held copy's → <see cref="QuarantineFilingMismatchException"/> (409).
    /// Verifies the kept delivery again (manifest signature, on-chain commitment, the chain's break-glass entry,
    /// decryption, content hash, FHIR) without contacting the custodian. Unknown, already filed or expired →
    /// <see cref="UnknownEntityException"/>.
    /// </summary>
    public async Task<RecordReceived> FileQuarantinedEmergencyAsync(QuarantineFiling filing, ChainAddress practitioner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filing);
        ArgumentException.ThrowIfNullOrWhiteSpace(filing.QuarantineId);
        var decision = string.IsNullOrWhiteSpace(filing.Override?.Reason) ? null : filing.Override;
        _ = PractitionerKey(practitioner);
        await PurgeExpiredQuarantineAsync(cancellationToken).ConfigureAwait(false);
        var row = await Database.FindQuarantineAsync(filing.QuarantineId.Trim(), _time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException(
                $"no emergency copy with this id is in quarantine here (filed already, never held, or purged after {_options.EmergencyQuarantineTime.TotalHours:0.#} h)");
        if (filing.RecordId is { } record && !string.Equals(record.ToString(), row.RecordId, StringComparison.OrdinalIgnoreCase))
        {
            throw new QuarantineFilingMismatchException("record");
        }

        if (filing.Custodian is { } custodian && !string.Equals(custodian.Lower, row.Custodian, StringComparison.Ordinal))
        {
            throw new QuarantineFilingMismatchException("custodian");
        }

        var chart = string.IsNullOrWhiteSpace(filing.LocalPatientId) ? row.LocalPatientId : filing.LocalPatientId.Trim();
        if (decision is null && string.Equals(chart, row.LocalPatientId, StringComparison.Ordinal))
        {
            throw new ArgumentException("filing a quarantined emergency copy into the chart that refused it needs an override reason");
        }

        var request = new EmergencyRequest(ChainAddress.Parse(row.Custodian), RecordId.Parse(row.RecordId), (ushort)row.ReasonCode, ChainAddress.Parse(row.Practitioner),
            chart, row.ExpectedPatient is null ? null : new Pseudonym(ChainAddress.Parse(row.ExpectedPatient)), decision)
        {
            FiledBy = practitioner,
        };
        var receipt = new ChainReceipt(row.RequestTransaction, BigInteger.Parse(row.RequestBlock, CultureInfo.InvariantCulture), BigInteger.Parse(row.RequestGas, CultureInfo.InvariantCulture));
        var pending = new PendingRequest(Hash32.Parse(row.RequestId), Hash32.Zero, request.RecordId, request.Custodian, receipt) { Emergency = request };
        var fulfilment = NodeJson.FromUtf8<Fulfilment>(Encoding.UTF8.GetBytes(row.FulfilmentJson));
        var received = await ImportEmergencyAsync(fulfilment, pending, request, _directory.Resolve(request.Custodian), cancellationToken, row.Envelope).ConfigureAwait(false);
        await Database.DeleteQuarantineAsync(row.Id, NewAudit(QuarantineFiledAudit, row.RecordId, practitioner.Lower, null), cancellationToken).ConfigureAwait(false);
        return received;
    }

    /// <summary>Removes every quarantined copy older than <see cref="HospitalOptions.EmergencyQuarantineTime"/>, one audit line each.</summary>
    public async Task<int> PurgeExpiredQuarantineAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        foreach (var (id, recordId) in await Database.ListExpiredQuarantineAsync(_time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken).ConfigureAwait(false))
        {
            if (await Database.DeleteQuarantineAsync(id, NewAudit(QuarantinePurgeAudit, recordId, null, null), cancellationToken).ConfigureAwait(false))
            {
                purged++;
            }
        }

        return purged;
    }

    /// <summary>The watcher's loop calls this on every poll; it purges at most once a minute.</summary>
    internal async Task PurgeQuarantineIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (now < Interlocked.Read(ref _nextQuarantinePurge))
        {
            return;
        }

        Interlocked.Exchange(ref _nextQuarantinePurge, now + (long)(QuarantinePurgeInterval.TotalSeconds * _time.TimestampFrequency));
        await PurgeExpiredQuarantineAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The chart check of an emergency copy; a refused first delivery goes to quarantine, and the refusal names it.</summary>
    private async Task<PatientCheck> CheckEmergencyCopyAsync(EmergencyDelivery emergency, Fulfilment fulfilment, byte[] envelope, byte[] plain, CancellationToken cancellationToken)
    {
        try
        {
            return await CheckEmergencyChartAsync(emergency.Request, fulfilment.Manifest.Patient, plain, fulfilment.ContentType, cancellationToken).ConfigureAwait(false);
        }
        catch (PatientMismatchException refused) when (emergency.QuarantinedEnvelope is null)
        {
            // Break-glass fix 6: each new quarantined copy also purges the expired ones (no chain needed).
            await PurgeExpiredQuarantineAsync(cancellationToken).ConfigureAwait(false);
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var now = _time.GetUtcNow();
            var request = emergency.Request;
            var row = new QuarantineRow
            {
                Id = id,
                LocalPatientId = request.LocalPatientId,
                RecordId = request.RecordId.ToString(),
                Custodian = request.Custodian.Lower,
                Practitioner = request.Practitioner.Lower,
                ReasonCode = request.ReasonCode,
                ExpectedPatient = request.ExpectedPatient?.Address.Lower,
                RequestId = emergency.Pending.RequestId.ToString(),
                RequestTransaction = emergency.Pending.Receipt.TransactionHash,
                RequestBlock = emergency.Pending.Receipt.BlockNumber.ToString(CultureInfo.InvariantCulture),
                RequestGas = emergency.Pending.Receipt.GasUsed.ToString(CultureInfo.InvariantCulture),
                FulfilmentJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(fulfilment)),
                Envelope = envelope,
                Fields = string.Join(", ", refused.Fields),
                CreatedAt = now.ToUnixTimeSeconds(),
                ExpiresAt = (now + _options.EmergencyQuarantineTime).ToUnixTimeSeconds(),
            };
            await Database.InsertQuarantineAsync(row, NewAudit(QuarantineAudit, row.RecordId, row.Custodian, fulfilment.FulfilmentTransaction), cancellationToken).ConfigureAwait(false);
            throw new PatientMismatchException(refused.Fields) { QuarantineId = id };
        }
    }

    /// <summary>An emergency delivery being filed: the request, its pending state, and the envelope when it comes from quarantine.</summary>
    private sealed record EmergencyDelivery(EmergencyRequest Request, PendingRequest Pending, byte[]? QuarantinedEnvelope);
}
