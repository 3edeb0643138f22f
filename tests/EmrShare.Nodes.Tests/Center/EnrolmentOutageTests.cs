using EmrShare.Ledger;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Chain;
using EmrShare.Nodes.Chain;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Center;

/// <summary>
/// The chain goes down in the middle of an enrolment round (after 0..all of its transactions). The round fails with
/// <see cref="ChainUnavailableException"/>, every request stays queued, and after the chain is back and the Center
/// restarted (queue reopened) the round re-runs: each patient ends up registered once, each index account funded once.
/// </summary>
public sealed class EnrolmentOutageTests
{
    private const int RoundSize = 3;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(RoundSize)]
    [InlineData(RoundSize + 1)]
    [InlineData(RoundSize + 2)]
    public async Task EnqueueAsync_ChainDownAfterSomeRoundTransactions_StaysQueuedAndRerunsWithoutDuplicates(int sendsBeforeOutage)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), cancellationToken: ct);
        var outage = new OutageRpcHandler(new LedgerRpcHandler(ledger));
        await using var server = await LedgerHttpServer.StartAsync(outage, FreePort.Next(), ct);
        await using var bed = await EnrolmentTestBed.DeployAsync(ChainAccess.ForRpc(server.Endpoint, 31337), ct);
        var queue = await bed.OpenQueueAsync(RoundSize, ct);
        var requests = Enumerable.Range(0, RoundSize).Select(_ => bed.NewRequest()).ToList();
        await queue.EnqueueAsync(requests[0], ct);
        await queue.EnqueueAsync(requests[1], ct);

        outage.FailAfterSends(sendsBeforeOutage);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => queue.EnqueueAsync(requests[2], ct));
        outage.Restore();
        queue.Dispose();
        var restarted = await bed.OpenQueueAsync(RoundSize, ct);
        var pendingAfterFailure = (await restarted.GetStatusAsync(ct)).Pending;
        var round = await restarted.EnrolNowAsync(belowRoundSize: false, ct);

        Assert.Equal(RoundSize, pendingAfterFailure);
        Assert.Equal(RoundSize, round.Patients);
        var total = RoundSize + 1 + RoundSize;
        Assert.Equal(total - sendsBeforeOutage, round.Transactions.Count);
        foreach (var request in requests)
        {
            Assert.True(await bed.IsFullyRegisteredAsync(request, ct));
            Assert.Equal(Nethereum.Web3.Web3.Convert.ToWei(0.5m), await bed.BalanceWeiAsync(request.IndexAccount));
        }

        var status = await restarted.GetStatusAsync(ct);
        Assert.Equal(0, status.Pending);
        Assert.Single(status.Rounds);
    }
}
