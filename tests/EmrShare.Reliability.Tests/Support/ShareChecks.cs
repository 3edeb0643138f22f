using EmrShare.Chain;
using EmrShare.Chain.Contracts;
using EmrShare.Chain.Messages;
using EmrShare.Core;
using EmrShare.Nodes;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Storage.Multiformats;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// The after-restart invariants of a share load: nothing acknowledged is lost, every on-chain request is answered
/// exactly once, and neither hospital shows half state.
/// </summary>
internal sealed class ShareChecks(ShareScenario scenario, ShareLoad load)
{
    private readonly IWeb3 _web3 = scenario.Access.Connect(scenario.AKeyArguments[0]);

    /// <summary>
    /// B collects every request the chain holds for it (acknowledged or not: a send cut by the fault may still have
    /// been mined). Each must be fulfilled by A after the restart — every grant here is valid, so a refusal means a
    /// transient fault was turned into a permanent answer. Returns how many were collected.
    /// </summary>
    public async Task<int> CollectEveryOnChainRequestAsync(CancellationToken ct)
    {
        var requested = await RequestsForBAsync(ct);
        var outcomes = await Task.WhenAll(requested.Select(async r =>
        {
            var receipt = await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(r.TransactionHash).WaitAsync(ct);
            var pending = new PendingRequest(r.RequestId.ToHash32(), r.GrantId.ToHash32(), RecordId.FromBytes(r.RecordId.ToArray()), scenario.AAddress,
                new ChainReceipt(r.TransactionHash, receipt.BlockNumber.Value, receipt.GasUsed.Value));
            try
            {
                var received = await scenario.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(20), ct);
                Assert.Equal(pending.RecordId, received.RecordId);
                return null;
            }
            catch (AccessDeniedException ex)
            {
                return $"{pending.RequestId}: {ex.Message}";
            }
        }));
        var refused = outcomes.OfType<string>().ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} request(s) refused after restart:\n{string.Join('\n', refused)}");
        Assert.All(load.Requests, p => Assert.Contains(requested, r => r.RequestId.ToHash32() == p.RequestId));
        return requested.Count;
    }

    /// <summary>Every acknowledged grant is on chain, active and the patient's; every returned receipt's transaction is still there.</summary>
    public async Task AssertGrantsAndReceiptsAsync(CancellationToken ct)
    {
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var grant in load.Grants)
        {
            var info = await scenario.Reader.AccessControl.GetGrantAsync(new GrantRef(scenario.B.Address.ToString(), grant.GrantId.ToBytes32(), grant.Scope.ToBytes32()), ct);
            Assert.True(string.Equals(info.Patient, grant.Patient.Lower, StringComparison.OrdinalIgnoreCase), $"acknowledged grant {grant.GrantId} lost");
            Assert.False(info.Revoked);
            Assert.True(info.Expiry > now);
            await AssertMinedAsync(grant.TransactionHash, null, grant.GasUsed, ct);
        }

        foreach (var request in load.Requests)
        {
            await AssertMinedAsync(request.Receipt.TransactionHash, (long)request.Receipt.BlockNumber, (long)request.Receipt.GasUsed, ct);
        }

        // An empty hash is a fulfilment the custodian confirmed from the chain after its own restart (it kept no receipt).
        foreach (var copy in load.Copies.Where(c => c.FulfilmentTransaction.Length > 0))
        {
            await AssertMinedAsync(copy.FulfilmentTransaction, null, null, ct);
        }
    }

    /// <summary>Every acknowledged copy is in B's database and decrypts to A's original; no received row lacks its blob.</summary>
    public async Task AssertGranteeCopiesAsync(CancellationToken ct)
    {
        var originals = scenario.Originals;
        var rows = (await scenario.B.Database.ListRecordsAsync(ct)).Where(r => r.Origin == "received").ToList();
        foreach (var copy in load.Copies)
        {
            var row = rows.SingleOrDefault(r => r.RecordId == copy.RecordId.ToString() && r.Version == copy.Version);
            Assert.True(row is not null, $"acknowledged copy of {copy.RecordId} lost at B");
            Assert.Equal(copy.Cid, row.Cid);
        }

        foreach (var row in rows)
        {
            Assert.True(await scenario.B.Store.HasAsync(Cid.Parse(row.Cid), ct), $"B's row for {row.RecordId} has no blob (half state)");
            var content = await scenario.B.ReadRecordAsync(RecordId.Parse(row.RecordId), ct);
            Assert.Equal(originals[RecordId.Parse(row.RecordId)], content.Content);
        }
    }

    /// <summary>
    /// Exactly one AccessFulfilled per request id, every request fulfilled on chain, and A's fulfilment rows agree
    /// with the chain (none left "sending", none fulfilled that the chain does not show).
    /// </summary>
    public async Task AssertFulfilledOnceAsync(HospitalService? a, CancellationToken ct)
    {
        var requested = await RequestsForBAsync(ct);
        var fulfilled = await FulfilmentLogsAsync(ct);
        foreach (var r in requested)
        {
            var count = fulfilled.Count(f => f == r.RequestId);
            Assert.True(count == 1, $"request {r.RequestId.ToHash32()} fulfilled {count} times on chain");
            Assert.True((await scenario.Reader.AccessControl.GetRequestAsync(r.RequestId, ct)).Fulfilled);
        }

        Assert.All(fulfilled, f => Assert.Contains(requested, r => r.RequestId == f));
        if (a is null)
        {
            return;
        }

        var rows = await a.Database.ListFulfilmentsAsync(ct);
        Assert.DoesNotContain(rows, r => r.Status == "sending");
        foreach (var r in requested)
        {
            var row = rows.SingleOrDefault(x => x.RequestId == r.RequestId.ToHash32().ToString());
            Assert.True(row is { Status: "fulfilled" }, $"A has no fulfilled row for request {r.RequestId.ToHash32()} ({row?.Status ?? "none"})");
        }
    }

    private async Task AssertMinedAsync(string hash, long? block, long? gas, CancellationToken ct)
    {
        var receipt = await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).WaitAsync(ct);
        Assert.True(receipt is not null, $"transaction {hash} had a returned receipt and is gone");
        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.NotNull(await _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(receipt.BlockNumber).WaitAsync(ct));
        if (block is { } b)
        {
            Assert.Equal(b, (long)receipt.BlockNumber.Value);
        }

        if (gas is { } g)
        {
            Assert.Equal(g, (long)receipt.GasUsed.Value);
        }
    }

    private async Task<List<AccessRequestedLog>> RequestsForBAsync(CancellationToken ct)
    {
        var head = await AccessRequestLogReader.GetHeadAsync(_web3, ct);
        var all = await AccessRequestLogReader.ReadAsync(_web3, scenario.Addresses.AccessControl, 0, head, ct);
        return [.. all.Where(r => string.Equals(r.Grantee, scenario.B.Address.ToString(), StringComparison.OrdinalIgnoreCase))];
    }

    private async Task<List<Bytes32>> FulfilmentLogsAsync(CancellationToken ct)
    {
        var fulfilled = _web3.Eth.GetEvent<AccessFulfilledEvent>(scenario.Addresses.AccessControl);
        var logs = await fulfilled.GetAllChangesAsync(fulfilled.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest())).WaitAsync(ct);
        return [.. logs.Select(l => Bytes32.FromBytes(l.Event.RequestId))];
    }
}
