using EmrShare.Chain;
using EmrShare.Core;
using Microsoft.Extensions.Logging;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Custody alerts: only the custodian a request names may fulfil it (the contract enforces it), so anything else
/// touching one of our records is written to the audit log and the security log, and never taken as confirmation.
/// </summary>
public sealed partial class HospitalService
{
    /// <summary>Audit kind of a request for one of our records that names another hospital as custodian.</summary>
    public const string MisdirectedRequestAlert = "alert-misdirected-request";

    /// <summary>Audit kind of a request of ours that the chain shows fulfilled by another hospital.</summary>
    public const string ForeignFulfilmentAlert = "alert-foreign-fulfilment";

    /// <summary>
    /// A request naming another custodian: not ours to answer. If it is about one of our patients and records, some
    /// hospital was asked for a record we hold; alert once per request (the audit row carries the named custodian).
    /// </summary>
    private async Task HandleForeignRequestAsync(AccessRequestedLog requested, CancellationToken cancellationToken)
    {
        if (requested.IsEmergency
            || await Database.FindPatientByPseudonymAsync(requested.Patient.ToLowerInvariant(), cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        var recordId = RecordId.FromBytes(requested.RecordId.ToArray());
        if (await Database.FindLatestRecordAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false) is not { Origin: "local" })
        {
            return;
        }

        LogCustodyAlert(_options.Logger, MisdirectedRequestAlert, requested.RequestId.Hex);
        await AuditAsync(MisdirectedRequestAlert, recordId.ToString(), requested.Custodian.ToLowerInvariant(), requested.TransactionHash, cancellationToken).ConfigureAwait(false);
    }

    private async Task AlertForeignFulfilmentAsync(FulfilmentRow row, string fulfiller, CancellationToken cancellationToken)
    {
        LogCustodyAlert(_options.Logger, ForeignFulfilmentAlert, row.RequestId);
        await AuditAsync(ForeignFulfilmentAlert, row.RecordId, fulfiller.ToLowerInvariant(), null, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "custody alert {Kind} for access request {RequestId}")]
    private static partial void LogCustodyAlert(ILogger logger, string kind, string requestId);
}
