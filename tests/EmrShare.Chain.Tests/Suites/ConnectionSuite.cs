using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>ChainConnection: concurrent sends from one account and recovery after a revert.</summary>
public abstract class ConnectionSuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    private IEmrShareChain Connected(Actor actor) =>
        new EmrShareChain(ChainConnection.Connect(Endpoint.RpcUrl, actor.PrivateKey, ChainId), Addresses);

    [Fact]
    public async Task Connect_ConcurrentSendsFromOneAccount_AllMined()
    {
        var hospital = Connected(HospitalA);
        var anchors = Enumerable.Range(0, 8).Select(_ => (Id: TestIds.Random(), Commitment: TestIds.Random())).ToList();

        await Task.WhenAll(anchors.Select(a => hospital.Records.AnchorRecordAsync(a.Id, 1, a.Commitment, Bytes32.Zero, Ct)));

        foreach (var (id, commitment) in anchors)
        {
            Assert.Equal(commitment, await hospital.Records.GetCommitmentAsync(HospitalA.Address, id, 1, Ct));
        }
    }

    [Fact]
    public async Task Connect_AfterRevert_NextSendSucceeds()
    {
        var hospital = Connected(HospitalA);
        await AssertRevertsAsync("RecordsInvalidVersion", () => hospital.Records.AnchorRecordAsync(TestIds.Random(), 0, TestIds.Random(), Bytes32.Zero, Ct));

        var (id, commitment) = (TestIds.Random(), TestIds.Random());
        await hospital.Records.AnchorRecordAsync(id, 1, commitment, Bytes32.Zero, Ct);
        Assert.Equal(commitment, await hospital.Records.GetCommitmentAsync(HospitalA.Address, id, 1, Ct));
    }

    [Fact]
    public async Task Send_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Connected(HospitalA).Records.AnchorRecordAsync(TestIds.Random(), 1, TestIds.Random(), Bytes32.Zero, cts.Token));
    }
}
