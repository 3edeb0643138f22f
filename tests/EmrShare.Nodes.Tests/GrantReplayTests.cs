using EmrShare.Chain;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests;

/// <summary>One signed grant creates one on-chain grant, wherever and however often it is presented.</summary>
public sealed class GrantReplayTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task OfferGrant_SameSignedGrantTwiceAtSameHospital_ThrowsAccessDeniedAndNoSecondGrant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], NodeNetwork.InAWeek);
        await net.Patient.OfferGrantAsync(visitB, offer, ct);

        var replay = await Assert.ThrowsAsync<AccessDeniedException>(() => net.Patient.OfferGrantAsync(visitB, offer, ct));
        Assert.Contains("replay", replay.Message, StringComparison.Ordinal);

        // Also from a fresh visit (new session), where only the hospital's own record of the grant can tell.
        using var again = await net.VisitAsync(net.B, ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.Patient.OfferGrantAsync(again, offer, ct));
        Assert.Equal(1, await GrantsOnChainAsync(net, ct));
        Assert.Equal(1, (await net.B.Database.ListAuditAsync(ct)).Count(a => a.Kind == "grant"));
    }

    [Fact]
    public async Task OfferGrant_SameSignedGrantAtAnotherHospitalOrRelayedAgain_RefusedAndNoSecondGrant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], NodeNetwork.InAWeek);
        await net.Patient.OfferGrantAsync(await net.VisitAsync(net.B, ct), offer, ct);

        // Hospital C is handed B's grant: it names another grantee.
        using var visitC = await net.VisitAsync(net.C, ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.Patient.OfferGrantAsync(visitC, offer, ct));

        // Anyone may relay a signed grant, but the contract accepts each signature once.
        var relayed = await Assert.ThrowsAsync<ContractRevertedException>(() => net.Center.Chain.AccessControl.SubmitGrantAsync(offer.Grant.ToSignedGrant(), ct));
        Assert.False(string.IsNullOrEmpty(relayed.ErrorName));
        Assert.Equal(1, await GrantsOnChainAsync(net, ct));
        Assert.DoesNotContain(await net.C.Database.ListAuditAsync(ct), a => a.Kind == "grant");
    }

    private static async Task<int> GrantsOnChainAsync(NodeNetwork net, CancellationToken ct) =>
        (await net.Patient.GetAccessLogAsync(ct)).Count(e => e.Entry.Kind == PatientAuditKind.GrantCreated);
}
