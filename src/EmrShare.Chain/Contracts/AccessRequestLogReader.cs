using EmrShare.Chain.Messages;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace EmrShare.Chain.Contracts;

/// <summary>
/// Reads the AccessControl contract's <c>AccessRequested</c> and <c>EmergencyAccessRequested</c> logs over a block
/// range (one eth_getLogs), for the custodian's watcher that follows the chain block by block from a persisted cursor.
/// </summary>
public static class AccessRequestLogReader
{
    private static readonly string Topic = "0x" + EventExtensions.GetEventABI<AccessRequestedEvent>().Sha3Signature;
    private static readonly string EmergencyTopic = "0x" + EventExtensions.GetEventABI<EmergencyAccessRequestedEvent>().Sha3Signature;

    /// <summary>The number of the newest block.</summary>
    public static async Task<long> GetHeadAsync(IWeb3 web3, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web3);
        var head = await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)head.Value;
    }

    /// <summary>Every access request (granted or emergency) logged by <paramref name="contract"/> in blocks [from, to], oldest first.</summary>
    public static async Task<IReadOnlyList<AccessRequestedLog>> ReadAsync(IWeb3 web3, string contract, long from, long to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        var input = new NewFilterInput
        {
            Address = [contract],
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            Topics = [new[] { Topic, EmergencyTopic }],
        };
        var logs = await web3.Eth.Filters.GetLogs.SendRequestAsync(input).WaitAsync(cancellationToken).ConfigureAwait(false);
        var granted = logs.DecodeAllEvents<AccessRequestedEvent>().Select(e => (e.Log, Request: new AccessRequestedLog(
            Bytes32.FromBytes(e.Event.RequestId), e.Event.Patient, e.Event.Grantee, Bytes32.FromBytes(e.Event.GrantId),
            Bytes32.FromBytes(e.Event.RecordId), (long)e.Log.BlockNumber.Value, e.Log.TransactionHash ?? string.Empty, e.Event.Custodian)));
        var emergency = logs.DecodeAllEvents<EmergencyAccessRequestedEvent>().Select(e => (e.Log, Request: new AccessRequestedLog(
            Bytes32.FromBytes(e.Event.RequestId), string.Empty, e.Event.Hospital, Bytes32.Zero,
            Bytes32.FromBytes(e.Event.RecordId), (long)e.Log.BlockNumber.Value, e.Log.TransactionHash ?? string.Empty, e.Event.Custodian)));
        return [.. granted.Concat(emergency)
            .OrderBy(e => e.Log.BlockNumber.Value).ThenBy(e => e.Log.LogIndex?.Value ?? 0)
            .Select(e => e.Request)];
    }
}
