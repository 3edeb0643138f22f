using EmrShare.Chain;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// The wallet counts a grant revoked only when the chain shows it: a relay's receipt alone leaves it pending (an
/// alert), and the wallet's own account is a second relay path that ends it.
/// </summary>
public sealed class RevocationConfirmationTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    [Fact]
    public async Task RevokeAsync_RelayClaimsSuccessWithoutSubmitting_PendingUntilOwnRelayRevokesOnChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        var grantRef = new GrantRef(grant.Grantee.ToString(), grant.GrantId.ToBytes32(), grant.Scope.ToBytes32());

        await Assert.ThrowsAsync<RevocationNotConfirmedException>(() => net.Patient.RevokeAsync(grant, new LyingRelay(), ct));

        var pending = Assert.Single(net.Patient.PendingRevocations);
        Assert.False(pending.Revoked);
        Assert.False(net.Patient.Given.Find(grant.GrantId).Revoked);
        Assert.Single(await net.Patient.CheckPendingRevocationsAsync(ct));
        Assert.False((await net.Center.Chain.AccessControl.GetGrantAsync(grantRef, ct)).Revoked);

        var receipt = await net.Patient.RevokeAsync(grant, net.Patient.OwnRelay, ct);

        Assert.Empty(net.Patient.PendingRevocations);
        Assert.Equal(receipt.TransactionHash, net.Patient.Given.Find(grant.GrantId).RevokedTransaction);
        Assert.True((await net.Center.Chain.AccessControl.GetGrantAsync(grantRef, ct)).Revoked);
    }

    [Fact]
    public async Task RevokeAsync_CenterRelay_ConfirmedOnChainAndNothingPending()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);

        var receipt = await net.Patient.RevokeAsync(grant, net.Center, ct);

        Assert.Empty(net.Patient.PendingRevocations);
        Assert.Equal(receipt.TransactionHash, net.Patient.Given.Find(grant.GrantId).RevokedTransaction);
    }

    /// <summary>A relay that answers with a plausible receipt but never submits the revocation.</summary>
    private sealed class LyingRelay : IRevocationRelay
    {
        public Task<ChainReceipt> RelayRevocationAsync(GrantRef grant, EthSignature signature, CancellationToken cancellationToken) =>
            Task.FromResult(new ChainReceipt("0x" + new string('a', 64), 1, 21000));
    }
}
