using EmrShare.Chain.Messages;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace EmrShare.Chain.Contracts;

/// <summary>
/// Reads every AccessControl event about one patient pseudonym with two eth_getLogs calls, one per topic
/// position the pseudonym is indexed at (second topic for grant/request events, first for break-glass and
/// audit events), so a wallet needs no knowledge of grant or request ids to see its history.
/// </summary>
internal static class PatientHistoryReader
{
    public static async Task<IReadOnlyList<PatientAuditEntry>> ReadAsync(IWeb3 web3, string contract, string patient, CancellationToken cancellationToken)
    {
        var patientTopic = "0x" + patient.ToLowerInvariant().Replace("0x", string.Empty, StringComparison.Ordinal).PadLeft(64, '0');
        var second = await GetLogsAsync(web3, contract, [Signature<GrantCreatedEvent>(), Signature<GrantRevokedEvent>(), Signature<AccessRequestedEvent>(), Signature<AccessFulfilledEvent>()], null, patientTopic, cancellationToken).ConfigureAwait(false);
        var first = await GetLogsAsync(web3, contract, [Signature<BreakGlassAccessedEvent>(), Signature<AccessRecordedEvent>()], patientTopic, null, cancellationToken).ConfigureAwait(false);

        var entries = new List<PatientAuditEntry>();
        entries.AddRange(second.DecodeAllEvents<GrantCreatedEvent>().Select(e => Entry(PatientAuditKind.GrantCreated, e.Log, e.Event.Patient, e.Event.Grantee, e.Event.GrantId, null, e.Event.Purpose)));
        entries.AddRange(second.DecodeAllEvents<GrantRevokedEvent>().Select(e => Entry(PatientAuditKind.GrantRevoked, e.Log, e.Event.Patient, null, e.Event.GrantId, null, null)));
        entries.AddRange(second.DecodeAllEvents<AccessRequestedEvent>().Select(e => Entry(PatientAuditKind.AccessRequested, e.Log, e.Event.Patient, e.Event.Grantee, e.Event.GrantId, e.Event.RecordId, null)));
        entries.AddRange(second.DecodeAllEvents<AccessFulfilledEvent>().Select(e => Entry(PatientAuditKind.AccessFulfilled, e.Log, e.Event.Patient, e.Event.Custodian, e.Event.GrantId, null, null)));
        entries.AddRange(first.DecodeAllEvents<BreakGlassAccessedEvent>().Select(e => Entry(PatientAuditKind.BreakGlassAccessed, e.Log, e.Event.Patient, e.Event.Hospital, null, e.Event.RecordId, e.Event.ReasonCode)));
        entries.AddRange(first.DecodeAllEvents<AccessRecordedEvent>().Select(e => Entry(PatientAuditKind.AccessRecorded, e.Log, e.Event.Patient, e.Event.Hospital, null, e.Event.RecordId, e.Event.Action)));
        return [.. entries.OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex)];
    }

    private static async Task<FilterLog[]> GetLogsAsync(IWeb3 web3, string contract, string[] signatures, string? topic1, string? topic2, CancellationToken cancellationToken)
    {
        var input = new NewFilterInput
        {
            Address = [contract],
            FromBlock = BlockParameter.CreateEarliest(),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = topic2 is null ? [signatures, topic1] : [signatures, topic1, topic2],
        };
        return await web3.Eth.Filters.GetLogs.SendRequestAsync(input).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Signature<T>()
        where T : Nethereum.ABI.FunctionEncoding.Attributes.IEventDTO =>
        "0x" + EventExtensions.GetEventABI<T>().Sha3Signature;

    private static PatientAuditEntry Entry(PatientAuditKind kind, FilterLog log, string patient, string? counterparty, byte[]? grantId, byte[]? recordId, ushort? code) =>
        new(kind, patient, counterparty,
            grantId is null ? null : Bytes32.FromBytes(grantId),
            recordId is null ? null : Bytes32.FromBytes(recordId),
            code,
            log.BlockNumber.Value,
            log.LogIndex?.Value ?? 0,
            log.TransactionHash ?? string.Empty);
}
