using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Merkle;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// A grant relayed through the Center (as the phone does) and then handed to the grantee in a visit there
/// (docs/wallet.md "Handing a grant over"): real chain, real contracts, in-process hospitals. Every refusal leaves
/// nothing kept at the grantee.
/// </summary>
public sealed class GrantHandoverTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    [Fact]
    public async Task HandOver_RelayedGrantOfRecord1Of2_BReadsRecord1AndIsRefusedRecord2()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (visitA, first) = await net.RecordAtAAsync(ct);
        var second = await net.A.CreateRecordAsync(visitA.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [first.RecordId], NodeNetwork.InAWeek);
        await RelayAsync(net, offer, ct);

        var accepted = await net.Patient.HandOverAsync(await net.VisitAsync(net.B, ct), offer, ct);

        var received = await net.B.RequestRecordAsync(accepted.GrantId, first.RecordId, ct);
        Assert.Equal(first.RecordId, received.RecordId);
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(accepted.GrantId, second.RecordId, ct));
        var grantRef = new GrantRef(net.B.Address.ToString(), accepted.GrantId.ToBytes32(), accepted.Scope.ToBytes32());
        var proofOfFirst = GrantScope.Proof([first.RecordId], first.RecordId)!.Select(p => p.ToBytes32()).ToList();
        Assert.False(await net.Center.Chain.AccessControl.HasAccessAsync(grantRef, second.RecordId.ToBytes32(), proofOfFirst, ct));
        Assert.Equal(1, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task HandOver_GrantNotOnChain_ThrowsAccessDeniedAndKeepsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], NodeNetwork.InAWeek);

        await Assert.ThrowsAsync<AccessDeniedException>(() => HandOverAsync(net, offer, ct));
        await AssertNothingKeptAsync(net, offer);
    }

    [Fact]
    public async Task HandOver_GrantExpiredOnChain_ThrowsAccessDeniedAndKeepsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        // Expiry ten minutes after the chain's clock (never behind this one): live when relayed, expired an hour later
        // by the chain's time while this host's clock still says it is valid, so only the chain's check refuses it.
        var web3 = new Nethereum.Web3.Web3(chain.Endpoint.RpcUrl.ToString());
        var latest = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        var chainNow = DateTimeOffset.FromUnixTimeSeconds((long)latest.Timestamp.Value);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], (chainNow > DateTimeOffset.UtcNow ? chainNow : DateTimeOffset.UtcNow).AddMinutes(10));
        await RelayAsync(net, offer, ct);
        await ChainScanner.AdvanceTimeAsync(chain.Endpoint.RpcUrl, TimeSpan.FromHours(1), ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => HandOverAsync(net, offer, ct));
        await AssertNothingKeptAsync(net, offer);
    }

    [Fact]
    public async Task HandOver_GrantRevokedOnChain_ThrowsAccessDeniedAndKeepsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], NodeNetwork.InAWeek);
        var relayed = await RelayAsync(net, offer, ct);
        await net.Patient.RevokeAsync(new GrantAccepted(relayed.Grant.GrantId.ToHash32(), net.B.Address, offer.Grant.Message.Scope, net.A.Address, relayed.Receipt.TransactionHash, 0), net.Center, ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => HandOverAsync(net, offer, ct));
        await AssertNothingKeptAsync(net, offer);
    }

    [Fact]
    public async Task HandOver_RelayedGrantHandedOverBySomeoneElse_ThrowsSignatureInvalidAndKeepsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], NodeNetwork.InAWeek);
        await RelayAsync(net, offer, ct);

        // Another registered patient read the relayed grant from the calldata and hands it over in her own visit at B,
        // signing the handover with her own key: B must not attach the victim's grant to her chart.
        using var mallory = await RegisteredPatientAsync(net, "mallory", ct);
        var visit = await mallory.BeginVisitAsync(net.EndpointOf(net.B), net.B.Address, ct);

        await Assert.ThrowsAsync<SignatureInvalidException>(() => mallory.HandOverAsync(visit, offer, ct));
        await AssertNothingKeptAsync(net, offer);
    }

    [Fact]
    public async Task HandOver_PatientsOwnHandoverReplayedInAnotherPatientsVisit_ThrowsAccessDeniedAndKeepsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], NodeNetwork.InAWeek);
        await RelayAsync(net, offer, ct);

        // A genuine handover, signed by the patient for their own pseudonym at B, captured and sent in Mallory's visit.
        using var patient = Core.Identity.PatientIdentity.FromMasterSecret(net.PatientMasterSecret);
        var handover = GrantHandover.Sign(offer.Grant.Domain, offer.Grant.Message, patient.PseudonymAt(net.B.Address).Address, patient.PseudonymKey(net.A.Address), TimeProvider.System);
        using var mallory = await RegisteredPatientAsync(net, "mallory", ct);
        var visit = await mallory.BeginVisitAsync(net.EndpointOf(net.B), net.B.Address, ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => visit.Endpoint.SubmitGrantAsync(visit.Session.Seal(NodeJson.ToUtf8(offer with { Handover = handover })), ct));
        await AssertNothingKeptAsync(net, offer);
    }

    [Fact]
    public async Task HandOver_SameGrantTwice_SecondThrowsAccessDenied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], NodeNetwork.InAWeek);
        await RelayAsync(net, offer, ct);
        await HandOverAsync(net, offer, ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => HandOverAsync(net, offer, ct));
    }

    [Fact]
    public async Task HandOver_RecordsNotMatchingScope_ThrowsAccessDeniedAndKeepsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var offer = net.Patient.SignGrant(net.B.Address, net.A.Address, [created.RecordId], NodeNetwork.InAWeek);
        await RelayAsync(net, offer, ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => HandOverAsync(net, offer with { Records = [created.RecordId, RecordId.New()] }, ct));
        await AssertNothingKeptAsync(net, offer);
    }

    /// <summary>What the Center's relay does with a grant the phone signed: submit it from the Center's account.</summary>
    private static Task<GrantReceipt> RelayAsync(NodeNetwork net, GrantOffer offer, CancellationToken ct) =>
        net.Center.Chain.AccessControl.SubmitGrantAsync(offer.Grant.ToSignedGrant(), ct);

    private static async Task<GrantAccepted> HandOverAsync(NodeNetwork net, GrantOffer offer, CancellationToken ct) =>
        await net.Patient.HandOverAsync(await net.VisitAsync(net.B, ct), offer, ct);

    private static async Task AssertNothingKeptAsync(NodeNetwork net, GrantOffer offer)
    {
        var grantId = Eip712.GrantId(offer.Grant.Domain, offer.Grant.Message);
        Assert.Null(await net.B.Database.FindGrantAsync(grantId.ToString(), TestContext.Current.CancellationToken));
    }

    private async Task<PatientWallet> RegisteredPatientAsync(NodeNetwork net, string name, CancellationToken ct)
    {
        var identity = TestIdentities.Create([net.A.Address, net.B.Address]);
        await net.Center.RegisterPatientAsync(identity.IdentityCommitment(Hash32.Zero), [identity.PseudonymAt(net.A.Address).Address, identity.PseudonymAt(net.B.Address).Address], identity.IndexKey().Address(), 0m, ct);
        return await PatientWallet.OpenAsync(Path.Combine(net.Root, name), identity, ChainAccess.ForRpc(chain.Endpoint.RpcUrl, chain.Endpoint.ChainId), net.Center.Addresses, TimeProvider.System, ct);
    }
}
