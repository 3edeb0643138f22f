using System.Net;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Discovery;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Kubo;
using Nethereum.Signer;

namespace EmrShare.Nodes.Tests.Discovery;

/// <summary>
/// Issue 14 items 3–4 and issue 15 #1, wired end to end: A publishes its URL and TLS key pin in the Center's signed
/// directory; B, knowing only A's address, resolves A there, checks A's certificate against the consortium CA AND the
/// pin, and reads the shared record's ciphertext from A's /store with requests signed by its registered key.
/// </summary>
public sealed class DirectoryPeersTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task RequestRecord_BResolvesAThroughSignedDirectory_ReadsOverPinnedTlsWithSignedStoreReads()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tls = await DirectoryNetwork.StartAsync(ledger, ct);
        var net = tls.Net;
        var certificate = tls.Leaf(tls.Consortium);
        var aUrl = await tls.ServeHospitalAsync(net.A, certificate, ct);
        await EndpointPublisher.PublishAsync(tls.DirectoryFor(net.A.Keys), net.A, aUrl, TlsIdentity.SpkiSha256(certificate), TimeProvider.System, ct);
        var b = await tls.OpenBThroughAsync(tls.DirectoryFor(net.B.Keys), ct);
        var (_, created) = await net.RecordAtAAsync(ct);

        var visitB = await net.Patient.BeginVisitAsync(new InProcessHospitalEndpoint(b), b.Address, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        var received = await b.RequestRecordAsync(grant.GrantId, created.RecordId, ct);

        Assert.Equal(created.Cid, received.Cid);
        Assert.Equal(SampleRecords.HbA1cBundle(), (await b.ReadRecordAsync(created.RecordId, ct)).Content);

        // The patient's wallet reads the same ciphertext from A's /store, signed with its pseudonym key at A.
        var entry = net.Patient.Index.Entries.Single(e => e.RecordId == created.RecordId);
        Assert.Equal(SampleRecords.HbA1cBundle(), await net.Patient.ReadRecordContentAsync(entry, tls.WalletDirectory().Resolve(net.A.Address).Store, ct));

        // The same store refuses a read that is not signed by a registered key.
        using var http = new HttpClient(TlsIdentity.PinnedHandler(TlsIdentity.SpkiSha256(certificate), tls.Roots));
        var unsigned = new KuboBlobStore(new KuboRpcClient(http, new Uri(aUrl, "store/")));
        var refused = await Assert.ThrowsAsync<KuboApiException>(() => unsigned.OpenReadAsync(Storage.Multiformats.Cid.Parse(created.Cid), ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task RequestRecord_CustodianNotInCenterDirectory_RefusedBeforeAnyTransaction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tls = await DirectoryNetwork.StartAsync(ledger, ct);
        var net = tls.Net;
        var b = await tls.OpenBThroughAsync(tls.DirectoryFor(net.B.Keys), ct); // A never published its endpoint
        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.Patient.BeginVisitAsync(new InProcessHospitalEndpoint(b), b.Address, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        var web3 = net.Access.Connect(b.Keys.AccountKeyHex);
        var before = await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(b.Address.ToString());

        await Assert.ThrowsAsync<UnknownEntityException>(() => b.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(before.Value, (await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(b.Address.ToString())).Value);
    }

    [Fact]
    public async Task Resolve_PinMismatchOrOtherCaCertificate_PeerIdentityException()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tls = await DirectoryNetwork.StartAsync(ledger, ct);
        var net = tls.Net;
        var served = tls.Leaf(tls.Consortium);
        var aUrl = await tls.ServeHospitalAsync(net.A, served, ct);
        var aDirectory = tls.DirectoryFor(net.A.Keys);
        var bDirectory = tls.DirectoryFor(net.B.Keys);

        // A consortium certificate, but not the key the directory pins for A.
        await EndpointPublisher.PublishAsync(aDirectory, net.A, aUrl, TlsIdentity.SpkiSha256(tls.Leaf(tls.Consortium)), TimeProvider.System, ct);
        var pinMismatch = await Assert.ThrowsAsync<PeerIdentityException>(() => bDirectory.Resolve(net.A.Address).Store.HasAsync(SomeCid(), ct));
        Assert.Contains("pins", pinMismatch.Message, StringComparison.Ordinal);

        // The pinned key, on a certificate from another CA.
        var impostor = tls.Leaf(tls.Other);
        var impostorUrl = await tls.ServeHospitalAsync(net.A, impostor, ct);
        await EndpointPublisher.PublishAsync(aDirectory, net.A, impostorUrl, TlsIdentity.SpkiSha256(impostor), TimeProvider.System, ct);
        using var fresh = tls.DirectoryFor(net.B.Keys);
        await Assert.ThrowsAsync<PeerIdentityException>(() => fresh.Resolve(net.A.Address).Store.HasAsync(SomeCid(), ct));
    }

    [Fact]
    public async Task RequestRecord_CustodianPresentsAnotherKeyThanPinned_PeerIdentityAtOnceNotRetriedAsUnreachable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tls = await DirectoryNetwork.StartAsync(ledger, ct);
        var net = tls.Net;
        var aUrl = await tls.ServeHospitalAsync(net.A, tls.Leaf(tls.Consortium), ct);
        await EndpointPublisher.PublishAsync(tls.DirectoryFor(net.A.Keys), net.A, aUrl, TlsIdentity.SpkiSha256(tls.Leaf(tls.Consortium)), TimeProvider.System, ct);
        var b = await tls.OpenBThroughAsync(tls.DirectoryFor(net.B.Keys), ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.Patient.BeginVisitAsync(new InProcessHospitalEndpoint(b), b.Address, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);

        // Not a FulfilmentTimeoutException after B's 20 s of retrying: a wrong identity is a refusal, not an outage.
        await Assert.ThrowsAsync<PeerIdentityException>(() => b.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(0, (await b.Database.ListRecordsAsync(ct)).Count(r => r.Origin == "received"));
    }

    [Fact]
    public async Task Resolve_DirectorySignedByAnotherKeyThanRegistryOwner_PeerIdentityException()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tls = await DirectoryNetwork.StartAsync(ledger, ct);
        var net = tls.Net;
        // A "Center" whose key is not the Registry's owner serves a directory that sends A's address elsewhere.
        var forger = await PeerDirectory.OpenAsync(Path.Combine(net.Root, "forger"), net.Center, new EthECKey(EmbeddedLedgerFixture.Keys[3]), TimeProvider.System, ct);
        var certificate = tls.Leaf(tls.Consortium);
        await forger.ApplyAsync(EndpointUpdates.Sign(net.A.Keys, forger.Domain, "https://127.0.0.1:9/", TlsIdentity.SpkiSha256(certificate), 1, TimeProvider.System), ct);
        var forgedUrl = await tls.ServeDirectoryAsync(forger, ct);

        var b = tls.DirectoryFor(net.B.Keys, forgedUrl);

        var refused = await Assert.ThrowsAsync<PeerIdentityException>(() => b.Resolve(net.A.Address).Store.HasAsync(SomeCid(), ct));
        Assert.Contains("not signed by the Center", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_UrlChanged_AuditRowAtHospitalAndCenterKeepsPrevious()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tls = await DirectoryNetwork.StartAsync(ledger, ct);
        var net = tls.Net;
        var directory = tls.DirectoryFor(net.A.Keys);
        var pin = TlsIdentity.SpkiSha256(tls.Leaf(tls.Consortium));

        var first = await EndpointPublisher.PublishAsync(directory, net.A, new Uri("https://a.example.test:8443/"), pin, TimeProvider.System, ct);
        var again = await EndpointPublisher.PublishAsync(directory, net.A, new Uri("https://a.example.test:8443/"), pin, TimeProvider.System, ct);
        var moved = await EndpointPublisher.PublishAsync(directory, net.A, new Uri("https://a2.example.test/"), pin, TimeProvider.System, ct);

        Assert.True(first.Changed);
        Assert.False(again.Changed);
        Assert.True(moved.Changed);
        Assert.Equal("https://a.example.test:8443/", moved.PreviousEndpoint);
        var local = (await net.A.Database.ListAuditAsync(ct)).Where(r => r.Kind == EndpointPublisher.AuditKind).Select(r => r.Counterpart).ToList();
        Assert.Equal(["https://a.example.test:8443/", "https://a2.example.test/"], local);
        var center = await tls.CenterDirectory.AuditAsync(ct);
        Assert.Equal(2, center.Count);
        Assert.Equal((net.A.Address, "https://a.example.test:8443/"), (center[1].Hospital, center[1].PreviousEndpoint));
    }

    private static Storage.Multiformats.Cid SomeCid() => Storage.Multiformats.Cid.Create(1, Storage.Multiformats.Multicodec.Raw, [1, 2, 3]);
}
