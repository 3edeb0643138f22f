using System.Net;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Discovery;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using Nethereum.Signer;

namespace EmrShare.Nodes.Tests.Discovery;

/// <summary>
/// Issue 14 item 3: hospitals publish URL + TLS identity through the Center, signed by their hospital key; peers
/// resolve an address through the Center-signed directory, checked against the Registry owner on chain.
/// </summary>
public sealed class PeerDirectoryTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    private static readonly Hash32 PinA = Hash32.FromBytes(Enumerable.Repeat((byte)0xA1, 32).ToArray());

    [Fact]
    public async Task Apply_HospitalSignedUpdates_DirectoryVerifiesAgainstRegistryOwnerAndAuditKeepsEveryChange()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var directory = await OpenDirectoryAsync(net, ct);

        await directory.ApplyAsync(EndpointUpdates.Sign(net.A.Keys, directory.Domain, "https://a.example.test:8443", PinA, 1, TimeProvider.System), ct);
        await directory.ApplyAsync(EndpointUpdates.Sign(net.A.Keys, directory.Domain, "https://a2.example.test", PinA, 2, TimeProvider.System), ct);
        await directory.ApplyAsync(EndpointUpdates.Sign(net.B.Keys, directory.Domain, "https://b.example.test", PinA, 1, TimeProvider.System), ct);

        var signed = await directory.SnapshotAsync(ct);
        var owner = ChainAddress.Parse(await net.Center.Chain.Registry.GetOwnerAsync(ct));
        DirectoryClient.Verify(signed, directory.Domain, owner, TimeProvider.System);
        Assert.Equal("https://a2.example.test", signed.Entries.Single(e => e.Hospital == net.A.Address).Endpoint);
        var audit = await directory.AuditAsync(ct);
        Assert.Equal(3, audit.Count);
        Assert.Equal("https://a.example.test:8443", audit[1].PreviousEndpoint);
        Assert.Equal(net.A.Address, audit[1].Hospital);
    }

    [Fact]
    public async Task Apply_ForgedReplayedUnregisteredOrPlainHttp_RefusedAndDirectoryUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var directory = await OpenDirectoryAsync(net, ct);
        var first = EndpointUpdates.Sign(net.A.Keys, directory.Domain, "https://a.example.test", PinA, 5, TimeProvider.System);
        await directory.ApplyAsync(first, ct);

        // B signs a change of A's URL: the signature is not A's.
        var byB = EndpointUpdates.Sign(net.B.Keys, directory.Domain, "https://evil.example.test", PinA, 9, TimeProvider.System);
        await Assert.ThrowsAsync<SignatureInvalidException>(() => directory.ApplyAsync(byB with { Message = byB.Message with { Hospital = net.A.Address } }, ct));
        // The same signed request again, or an older sequence: a rollback.
        await Assert.ThrowsAsync<DirectoryUpdateRefusedException>(() => directory.ApplyAsync(first, ct));
        await Assert.ThrowsAsync<DirectoryUpdateRefusedException>(() => directory.ApplyAsync(
            EndpointUpdates.Sign(net.A.Keys, directory.Domain, "https://old.example.test", PinA, 4, TimeProvider.System), ct));
        // A key the Registry does not list as a hospital.
        var stranger = HospitalKeys.Generate(Convert.ToHexStringLower(HospitalKeys.NewSigningKey()));
        await Assert.ThrowsAsync<NotRegisteredException>(() => directory.ApplyAsync(
            EndpointUpdates.Sign(stranger, directory.Domain, "https://x.example.test", PinA, 1, TimeProvider.System), ct));
        // Plain HTTP off loopback; signed for another chain.
        await Assert.ThrowsAsync<DirectoryUpdateRefusedException>(() => directory.ApplyAsync(
            EndpointUpdates.Sign(net.A.Keys, directory.Domain, "http://a.example.test", PinA, 6, TimeProvider.System), ct));
        await Assert.ThrowsAsync<SignatureDomainMismatchException>(() => directory.ApplyAsync(
            EndpointUpdates.Sign(net.A.Keys, directory.Domain with { ChainId = 1 }, "https://a.example.test", PinA, 7, TimeProvider.System), ct));

        var entry = Assert.Single((await directory.SnapshotAsync(ct)).Entries);
        Assert.Equal("https://a.example.test", entry.Endpoint);
        Assert.Single(await directory.AuditAsync(ct));
    }

    [Fact]
    public async Task Verify_EntriesAlteredOrSignedByAnotherKey_PeerIdentityException()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var directory = await OpenDirectoryAsync(net, ct);
        await directory.ApplyAsync(EndpointUpdates.Sign(net.A.Keys, directory.Domain, "https://a.example.test", PinA, 1, TimeProvider.System), ct);
        var signed = await directory.SnapshotAsync(ct);
        var owner = ChainAddress.Parse(await net.Center.Chain.Registry.GetOwnerAsync(ct));

        var redirected = signed with { Entries = [signed.Entries[0] with { Endpoint = "https://evil.example.test" }] };
        Assert.Throws<PeerIdentityException>(() => DirectoryClient.Verify(redirected, directory.Domain, owner, TimeProvider.System));
        var otherSigner = signed with { Signature = Eip712.Sign(directory.Domain, signed.Signature.Message, new EthECKey(EmbeddedLedgerFixture.Keys[1])) };
        Assert.Throws<PeerIdentityException>(() => DirectoryClient.Verify(otherSigner, directory.Domain, owner, TimeProvider.System));
    }

    [Fact]
    public async Task DirectoryRoutes_HospitalPostsSignedUpdate_PeerResolvesAddressThroughSignedDirectory()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var directory = await OpenDirectoryAsync(net, ct);
        await using var center = await PingServer.StartAsync(null, app => app.MapPeerDirectory(directory), ct);
        using var http = new HttpClient { BaseAddress = center.Url };

        var update = EndpointUpdates.Sign(net.A.Keys, directory.Domain, "https://127.0.0.2:8443", PinA, 1, TimeProvider.System);
        using (var body = new ByteArrayContent(Transport.NodeJson.ToUtf8(update)))
        {
            using var accepted = await http.PostAsync(DirectoryEndpoints.UpdateRoute, body, ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using (var garbage = new StringContent("{\"domain\": 5}"))
        {
            using var refused = await http.PostAsync(DirectoryEndpoints.UpdateRoute, garbage, ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var client = new DirectoryClient(http, new Uri(center.Url, DirectoryEndpoints.DirectoryRoute), directory.Domain,
            async token => ChainAddress.Parse(await net.Center.Chain.Registry.GetOwnerAsync(token)), TimeProvider.System, TimeSpan.FromMinutes(5));
        var entry = await client.ResolveAsync(net.A.Address, ct);
        Assert.Equal("https://127.0.0.2:8443", entry.Endpoint);
        Assert.Equal(PinA, entry.TlsSpki);
        await Assert.ThrowsAsync<UnknownEntityException>(() => client.ResolveAsync(net.C.Address, ct));
    }

    [Fact]
    public async Task PinnedHandler_PinnedKeyFromConsortiumCa_AcceptedOtherKeyOrOtherCaRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("emrshare-pin-").FullName;
        try
        {
            using var consortium = new TestCertificateAuthority(Path.Combine(folder, "consortium"));
            using var other = new TestCertificateAuthority(Path.Combine(folder, "other"), "Another CA");
            using var served = consortium.IssueLeaf(IPAddress.Loopback, "a").Load();
            using var impostor = other.IssueLeaf(IPAddress.Loopback, "impostor").Load();
            var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(consortium.Certificate);

            await using (var server = await PingServer.StartAsync(served, ct))
            {
                Assert.Equal("pong", await GetAsync(server.Url, TlsIdentity.SpkiSha256(served), roots, ct));
                await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(server.Url, PinA, roots, ct));
            }

            // The impostor serves a key from another CA: refused even when its own key is the pin asked for.
            await using (var server = await PingServer.StartAsync(impostor, ct))
            {
                await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(server.Url, TlsIdentity.SpkiSha256(impostor), roots, ct));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> GetAsync(Uri url, Hash32 pin, System.Security.Cryptography.X509Certificates.X509Certificate2Collection roots, CancellationToken ct)
    {
        using var http = new HttpClient(TlsIdentity.PinnedHandler(pin, roots));
        return await http.GetStringAsync(new Uri(url, "/ping"), ct);
    }

    private static Task<PeerDirectory> OpenDirectoryAsync(NodeNetwork net, CancellationToken ct) =>
        PeerDirectory.OpenAsync(Path.Combine(net.Root, "center"), net.Center, new EthECKey(EmbeddedLedgerFixture.Keys[0]), TimeProvider.System, ct);
}
