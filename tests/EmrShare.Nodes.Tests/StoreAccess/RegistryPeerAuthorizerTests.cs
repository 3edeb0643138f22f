using EmrShare.Core.Identity;
using EmrShare.Nodes.StoreAccess;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Storage;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;
using EmrShare.Storage.Kubo;
using EmrShare.TestSupport;
using Nethereum.Signer;

namespace EmrShare.Nodes.Tests.StoreAccess;

/// <summary>
/// Issue 15 #1 on a real chain: hospital A's store opens its read-only peer API with the Registry as authorizer;
/// registered hospital B and the patient's pseudonym at A read the ciphertext; an unregistered key is refused.
/// </summary>
public sealed class RegistryPeerAuthorizerTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    [Fact]
    public async Task PeerApi_RegistryAuthorizer_AdmitsHospitalAndPatientRefusesStranger()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var store = Assert.IsType<SqliteBlobStore>(net.A.Store);
        await using var peerApi = await StartPeerApiAsync(net, store, ct);
        using var http = new HttpClient();
        var pseudonymAtA = PatientIdentity.FromMasterSecret(net.PatientMasterSecret).PseudonymKey(net.A.Address);

        var hospitalB = Reader(http, peerApi, new EthECKey(chain.Endpoint.FundedPrivateKeys[2]));
        var patient = Reader(http, peerApi, pseudonymAtA);
        var stranger = Reader(http, peerApi, EthECKey.GenerateKey());

        var expected = await ReadAllAsync(store, Storage.Multiformats.Cid.Parse(created.Cid), ct);
        Assert.Equal(expected, await ReadAllAsync(hospitalB, Storage.Multiformats.Cid.Parse(created.Cid), ct));
        Assert.Equal(expected, await ReadAllAsync(patient, Storage.Multiformats.Cid.Parse(created.Cid), ct));
        var refused = await Assert.ThrowsAsync<KuboApiException>(() => ReadAllAsync(stranger, Storage.Multiformats.Cid.Parse(created.Cid), ct));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task PeerApi_OverExternalKuboStore_ServesRegisteredHospitalRefusesStranger()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var embedded = Assert.IsType<SqliteBlobStore>(net.A.Store);
        var cid = Storage.Multiformats.Cid.Parse(created.Cid);

        // A's envelopes behind a Kubo RPC API, as `store serve` or a Kubo node holds them for a hospital configured
        // with Storage:IpfsUrl (threat-model P-D5): the hospital's signed /store serves them from there.
        await using var kubo = await KuboApiServer.StartAdminAsync(embedded, 0, KuboAdminApiOptions.LoopbackOnly, ct);
        using var http = new HttpClient();
        var external = new KuboBlobStore(new KuboRpcClient(http, kubo.Address));
        await using var peerApi = await StartPeerApiAsync(net, external, ct);

        var hospitalB = Reader(http, peerApi, new EthECKey(chain.Endpoint.FundedPrivateKeys[2]));
        Assert.Equal(await ReadAllAsync(embedded, cid, ct), await ReadAllAsync(hospitalB, cid, ct));
        var refused = await Assert.ThrowsAsync<KuboApiException>(() => ReadAllAsync(Reader(http, peerApi, EthECKey.GenerateKey()), cid, ct));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task ReadBlob_StoreRefusesTheReader_TypedAccessDeniedExit2()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var store = Assert.IsType<SqliteBlobStore>(net.A.Store);
        await using var peerApi = await StartPeerApiAsync(net, store, ct);
        using var http = new HttpClient();

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(
            () => Hospital.HospitalService.ReadBlobAsync(Reader(http, peerApi, EthECKey.GenerateKey()), created.Cid, ct));

        Assert.Contains("refused this node's signed read (403)", denied.Message, StringComparison.Ordinal);
        var (code, line) = Cli.Commands.Shared.CliErrors.Describe(denied);
        Assert.Equal(Cli.Commands.Shared.ExitCodes.Refused, code);
        Assert.StartsWith("access denied: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_SignatureByAnotherKeyThanClaimed_Null()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var registry = net.Access.Bind(chain.Endpoint.FundedPrivateKeys[1], net.Center.Addresses).Registry;
        var payload = PeerRequestSignature.Payload("127.0.0.1:1", "POST", "/api/v0/cat?arg=x", 1);
        var (_, forged) = new AccountRequestSigner(EthECKey.GenerateKey()).Sign(payload);

        // Claims hospital B's (registered) account with a stranger's signature.
        var verdict = await new RegistryPeerAuthorizer(registry).AuthorizeAsync(new SignedPeerRequest(net.B.Address.Lower, 1, forged, payload), ct);

        Assert.Null(verdict);
    }

    /// <summary>A's read-only peer API over <paramref name="store"/>, each read checked against the Registry on chain.</summary>
    private Task<KuboApiServer> StartPeerApiAsync(NodeNetwork net, IReadableStore store, CancellationToken ct) =>
        KuboApiServer.StartPeerAsync(store, "127.0.0.1", 0,
            new KuboPeerApiOptions(new RegistryPeerAuthorizer(net.Access.Bind(chain.Endpoint.FundedPrivateKeys[1], net.Center.Addresses).Registry)), ct);

    private static KuboBlobStore Reader(HttpClient http, KuboApiServer server, EthECKey key) =>
        new(new KuboRpcClient(http, server.Address, credentials: KuboClientCredentials.Peer(new AccountRequestSigner(key), TimeProvider.System)));

    private static async Task<byte[]> ReadAllAsync(IBlobStore store, Storage.Multiformats.Cid cid, CancellationToken ct)
    {
        await using var stream = await store.OpenReadAsync(cid, ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }
}
