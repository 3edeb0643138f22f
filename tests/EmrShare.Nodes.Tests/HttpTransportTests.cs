using EmrShare.Core.Crypto;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>The visit and fulfilment messages over real HTTP on loopback instead of the in-process endpoint.</summary>
public sealed class HttpTransportTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    [Fact]
    public async Task ShareFlow_HospitalsOverHttp_VisitGrantFulfilSucceedAndRefusalsKeepTheirType()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        await using var serverA = await HospitalHttpServer.StartAsync(net.A, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var serverB = await HospitalHttpServer.StartAsync(net.B, FreePort.Next(), TestContext.Current.CancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        net.Directory.Add(new HospitalContact(net.A.Address, new HttpHospitalEndpoint(http, serverA.BaseAddress), net.A.Store));
        net.Directory.Add(new HospitalContact(net.B.Address, new HttpHospitalEndpoint(http, serverB.BaseAddress), net.B.Store));

        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        var received = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        Assert.Equal(created.Cid, received.Cid);

        // Collecting B's fulfilment from A over HTTP with someone else's signature: 403, rethrown as AccessDenied.
        var stranger = PrivateKeys.FromScalar(Hospital.HospitalKeys.NewSigningKey());
        var domain = Core.Signing.Eip712Domain.AccessControl((ulong)chain.Endpoint.ChainId, Core.ChainAddress.Parse(net.Center.Addresses.AccessControl));
        var forged = new Core.Signing.AccessRequest(grant.GrantId, created.RecordId, stranger.Address(), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Core.Hash32.Zero);
        var requestId = (await net.A.Database.ListFulfilmentsAsync(ct)).Single().RequestId;
        await Assert.ThrowsAsync<AccessDeniedException>(() => new HttpHospitalEndpoint(http, serverA.BaseAddress)
            .CollectFulfilmentAsync(new CollectRequest(Core.Signing.Eip712.Sign(domain, forged, stranger), Core.Hash32.Parse(requestId), 0), ct));

        // A refusal raised at B (grant names another hospital) crosses HTTP with its type.
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct, grantee: net.C.Address));

        // A Core security refusal (a sealed message replayed on the session) arrives as PeerRefused naming it.
        var replayed = await Assert.ThrowsAsync<PeerRefusedException>(() => new HttpHospitalEndpoint(http, serverB.BaseAddress)
            .PullDeliveriesAsync(new Core.Handshake.SealedMessage(visitB.SessionId, 0, Convert.ToBase64String(new byte[32])), ct));
        Assert.Equal("SessionMessageException", replayed.ErrorName);
        Assert.Equal(401, replayed.Status);
    }
}
