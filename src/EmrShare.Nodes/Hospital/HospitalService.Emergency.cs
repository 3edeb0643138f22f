using System.Globalization;
using System.Text;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;
using Microsoft.Extensions.Logging;

namespace EmrShare.Nodes.Hospital;

/// <summary>How a custodian answers another hospital's emergency (break-glass) request (<see cref="HospitalOptions.BreakGlassPolicy"/>).</summary>
public enum BreakGlassPolicy
{
    /// <summary>Serve when the requesting practitioner is active at the requesting hospital and that hospital is active (default).</summary>
    Serve,

    /// <summary>Refuse every emergency request with a signed refusal (the requesting hospital must phone the custodian).</summary>
    Refuse,
}

/// <summary>
/// Custodian side of break-glass for a record held here and needed elsewhere (issue 16 #9): hospital B's practitioner
/// sent <c>requestEmergencyAccess(us, recordId, reason)</c>; the watcher hands the <c>EmergencyAccessRequested</c>
/// event here. Under <see cref="HospitalOptions.BreakGlassPolicy"/> we either re-wrap the data key for B and send
/// <c>recordEmergencyFulfilment(requestId, patient pseudonym, digest)</c>, which logs <c>BreakGlassAccessed</c>
/// under B for the patient, or stage a signed refusal. Either way the request, the requesting practitioner and the
/// reason code are written to our read audit before the key leaves.
/// </summary>
public sealed partial class HospitalService
{
    /// <summary>Audit kind of an emergency request served for another hospital (counterpart: that hospital).</summary>
    public const string EmergencyFulfilAudit = "break-glass-fulfil";

    /// <summary>Audit kind of an emergency request refused (policy, inactive requester, record not held here).</summary>
    public const string EmergencyRefuseAudit = "break-glass-refuse";

    /// <summary>Read-audit route of a disclosure to another hospital under break-glass.</summary>
    public const string EmergencyRoute = "emergency request";

    private async Task HandleEmergencyRequestAsync(AccessRequestedLog requested, CancellationToken cancellationToken)
    {
        var recordId = RecordId.FromBytes(requested.RecordId.ToArray());
        var claim = new FulfilmentRow
        {
            RequestId = requested.RequestId.ToHash32().ToString(),
            Grantee = requested.Grantee.ToLowerInvariant(),
            GrantId = Hash32.Zero.ToString(),
            RecordId = recordId.ToString(),
            Status = Sending,
            CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        var emergency = await Chain.AccessControl.GetEmergencyAsync(requested.RequestId, cancellationToken).ConfigureAwait(false);
        var row = await Database.FindLatestRecordAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false);
        Fulfilment delivery;
        try
        {
            delivery = await PrepareEmergencyAsync(requested, row, emergency, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NodeException and not (ChainUnavailableException or StorageUnavailableException) or ContractRevertedException or EmrShareSecurityException)
        {
            // As for granted requests: only the answer to the request refuses it; an outage is retried at the next poll.
            // The claim, its final signed refusal, the read-audit row and the audit line are one transaction (review S3).
            if (await ClaimRefusedAsync(claim, ex.Message, EmergencyRead(claim, row, emergency, "refused"), cancellationToken).ConfigureAwait(false))
            {
                LogEmergency(_options.Logger, claim.RequestId, claim.Grantee, "refused");
            }

            return;
        }

        // Audited before the key leaves, as a read is audited before its plaintext exists: the claim and its read-audit
        // row are one transaction (review S3), so no crash can stage the key without the row, or the row without the claim.
        claim = claim with { DeliveryJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(delivery)) };
        if (await Database.TryClaimFulfilmentAsync(claim, EmergencyRead(claim, row, emergency, "break-glass"), null, cancellationToken).ConfigureAwait(false))
        {
            LogEmergency(_options.Logger, claim.RequestId, claim.Grantee, "served");
            await SendFulfilmentAsync(claim, delivery, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The policy, then the custodian's checks against the chain, then the data key re-wrapped for the requesting hospital.</summary>
    private async Task<Fulfilment> PrepareEmergencyAsync(AccessRequestedLog requested, RecordRow? row, EmergencyRequestInfo emergency, CancellationToken cancellationToken)
    {
        if (_options.BreakGlassPolicy == BreakGlassPolicy.Refuse)
        {
            throw new AccessDeniedException("this hospital's break-glass policy refuses emergency requests from other hospitals; contact its records desk");
        }

        if (row is not { Origin: "local" })
        {
            throw new UnknownEntityException("this hospital holds no record with this id as its custodian");
        }

        if (row.WrappedKeySelf.Length == 0)
        {
            throw new RecordErasedException("the record was erased at its custodian");
        }

        var onChain = await Chain.AccessControl.GetRequestAsync(requested.RequestId, cancellationToken).ConfigureAwait(false);
        if (onChain.Fulfilled)
        {
            throw new AccessDeniedException("this request was already fulfilled");
        }

        if (!onChain.IsEmergency || emergency.ReasonCode == 0)
        {
            throw new AccessDeniedException("this is not an emergency request");
        }

        var practitionerRead = Chain.Registry.GetPractitionerAsync(emergency.Practitioner, cancellationToken);
        var granteeRead = Chain.Registry.GetHospitalAsync(onChain.Grantee, cancellationToken);
        await Task.WhenAll(practitionerRead, granteeRead).ConfigureAwait(false);
        var practitioner = await practitionerRead.ConfigureAwait(false);
        if (!practitioner.Active || !string.Equals(practitioner.Hospital, onChain.Grantee, StringComparison.OrdinalIgnoreCase))
        {
            throw new AccessDeniedException("the requesting practitioner is not an active practitioner of the requesting hospital");
        }

        var grantee = await granteeRead.ConfigureAwait(false);
        if (!grantee.Active)
        {
            throw new AccessDeniedException("the requesting hospital is not an active hospital");
        }

        return DeliveryFor(row, grantee.EncryptionKey);
    }

    /// <summary>What the grantee collects: the manifest, its keys and the data key re-wrapped for the grantee's registered key.</summary>
    private Fulfilment DeliveryFor(RecordRow row, byte[] granteeEncryptionKey)
    {
        var recordId = RecordId.Parse(row.RecordId);
        var version = (uint)row.Version;
        var forGrantee = KeyWrapper.Rewrap(WrappedKey.Parse(row.WrappedKeySelf), _keys.Encryption, granteeEncryptionKey, recordId, version);
        return new Fulfilment(
            NodeJson.FromUtf8<RecordManifest>(Encoding.UTF8.GetBytes(row.ManifestJson)),
            EthSignature.Parse(row.ManifestSignature),
            NodeJson.FromUtf8<List<WrappedKey>>(Encoding.UTF8.GetBytes(row.ManifestKeysJson)),
            forGrantee,
            row.Cid,
            Hash32.Parse(row.Salt),
            row.ContentType,
            string.Empty,
            0);
    }

    /// <summary>
    /// <c>recordFulfilment</c> for a granted request; <c>recordEmergencyFulfilment</c> for an emergency one, naming the
    /// patient's pseudonym here (the manifest's), so the chain logs the break-glass where the patient's wallet looks.
    /// </summary>
    private async Task<ChainReceipt> SendFulfilmentTransactionAsync(FulfilmentRow claim, Fulfilment delivery, CancellationToken cancellationToken)
    {
        var requestId = Hash32.Parse(claim.RequestId).ToBytes32();
        var digest = delivery.KeyForGrantee.Digest.ToBytes32();
        return claim.IsEmergency
            ? await Chain.AccessControl.RecordEmergencyFulfilmentAsync(requestId, delivery.Manifest.Patient.Address.ToString(), digest, cancellationToken).ConfigureAwait(false)
            : await Fulfilments.SendAsync(new FulfilmentEntry(requestId, digest), cancellationToken).ConfigureAwait(false);
    }

    private static string FulfilAuditKind(FulfilmentRow row) => row.IsEmergency ? EmergencyFulfilAudit : "fulfil";

    /// <summary>A read-audit row for the disclosure (or its refusal): the requesting practitioner, their hospital and the reason code.</summary>
    private ReadAuditRow EmergencyRead(FulfilmentRow claim, RecordRow? row, EmergencyRequestInfo emergency, string basis) => new()
    {
        At = _time.GetUtcNow().ToUnixTimeSeconds(),
        Actor = emergency.Practitioner.ToLowerInvariant(),
        Role = "peer-practitioner",
        RecordId = claim.RecordId,
        Version = row?.Version,
        LocalPatientId = row?.LocalPatientId,
        Route = $"{EmergencyRoute} from {claim.Grantee}",
        Basis = basis,
        Reason = emergency.ReasonCode.ToString(CultureInfo.InvariantCulture),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "break-glass: emergency request {RequestId} from hospital {Hospital} {Outcome}")]
    private static partial void LogEmergency(ILogger logger, string requestId, string hospital, string outcome);
}
