using System.Net;
using System.Text;
using System.Text.Json;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Kubo;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Api;

/// <summary>
/// Issue 15 #1: the attacks a penetration test ran against a hospital's store, each refused with a typed answer —
/// peers reach only a signed, read-only surface; admin needs loopback and the token; no browser page gets in.
/// </summary>
public sealed class StoreAccessTests : IAsyncLifetime
{
    private const string AdminToken = "test-admin-token-0123456789";
    private readonly HttpClient _http = new();
    private readonly HmacPeerKeys _registry = new();
    private TempStore _temp = null!;
    private KuboApiServer _peerApi = null!;
    private KuboApiServer _adminApi = null!;
    private Cid _record;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        _record = await _temp.Store.PutAsync(new MemoryStream(TestData.Bytes(600_000)), PutOptions.Default, Ct);
        _peerApi = await KuboApiServer.StartPeerAsync(_temp.Store, "127.0.0.1", 0, new KuboPeerApiOptions(_registry) { RequestsPerMinute = 50 }, Ct);
        _adminApi = await KuboApiServer.StartAdminAsync(_temp.Store, 0, new KuboAdminApiOptions { AdminToken = AdminToken, MaxAddBytes = 1_000_000 }, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _peerApi.DisposeAsync();
        await _adminApi.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Fact]
    public async Task PeerApi_AnonymousPinLs_401AndNoCidListed()
    {
        using var response = await _http.PostAsync(new Uri(_peerApi.Address, "api/v0/pin/ls"), null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(_record.ToString(), body, StringComparison.Ordinal);
        AssertKuboError(body);
    }

    [Fact]
    public async Task PeerApi_RegisteredPeerPinRmAndRepoGc_404AndRecordStillReadable()
    {
        var peer = PeerClient(_registry.Register("0xhospitalB"));

        var unpin = await Assert.ThrowsAsync<KuboApiException>(() => peer.PinRmAsync(_record, Ct));
        var gc = await Assert.ThrowsAsync<KuboApiException>(() => peer.RepoGcAsync(Ct));

        Assert.Equal(HttpStatusCode.NotFound, unpin.Status);
        Assert.Equal(HttpStatusCode.NotFound, gc.Status);
        Assert.True((await _temp.Store.StatAsync(_record, Ct)).Pinned);
        Assert.Equal(0, await _temp.Store.CollectGarbageAsync(Ct));
        Assert.Equal(600_000, (await ReadAllAsync(new KuboBlobStore(peer), _record)).Length);
    }

    [Fact]
    public async Task PeerApi_RegisteredHospitalAndPatient_ReadCiphertext()
    {
        var hospital = new KuboBlobStore(PeerClient(_registry.Register("0xhospitalB")));
        var patient = new KuboBlobStore(PeerClient(_registry.Register("0xpseudonym", PeerKind.Patient)));

        Assert.Equal(TestData.Bytes(600_000), await ReadAllAsync(hospital, _record));
        Assert.Equal(TestData.Bytes(600_000), await ReadAllAsync(patient, _record));
    }

    [Fact]
    public async Task PeerApi_UnregisteredSigner_403()
    {
        var stranger = PeerClient(HmacPeerKeys.Unregistered("0xstranger"));

        var refused = await Assert.ThrowsAsync<KuboApiException>(() => stranger.BlockGetAsync(_record, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task PeerApi_SignatureReplayedForAnotherCid_403()
    {
        var signer = _registry.Register("0xhospitalB");
        var other = await _temp.Store.PutAsync(new MemoryStream(TestData.Bytes(1000, seed: 9)), PutOptions.Default, Ct);
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signedFor = PeerRequestSignature.Payload(_peerApi.Address.Authority, "POST", $"/api/v0/block/get?arg={_record}", seconds);
        var (account, signature) = signer.Sign(signedFor);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_peerApi.Address, $"api/v0/block/get?arg={other}"));
        request.Headers.Add(PeerRequestSignature.AccountHeader, account);
        request.Headers.Add(PeerRequestSignature.TimestampHeader, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(PeerRequestSignature.SignatureHeader, signature);

        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PeerApi_RequestsOverBudget_429()
    {
        var peer = PeerClient(_registry.Register("0xgreedy"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 55; i++)
        {
            try
            {
                await peer.BlockExistsAsync(_record, TimeSpan.FromSeconds(1), Ct);
                statuses.Add(HttpStatusCode.OK);
            }
            catch (KuboApiException ex)
            {
                statuses.Add(ex.Status);
            }
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task AdminApi_WithoutToken_401AndNothingStored()
    {
        using var body = Multipart(TestData.Bytes(10_000, seed: 3));
        var blocksBefore = SqliteInspector.Count(_temp.DatabasePath, "blocks");

        using var response = await _http.PostAsync(new Uri(_adminApi.Address, "api/v0/add?cid-version=1"), body, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(blocksBefore, SqliteInspector.Count(_temp.DatabasePath, "blocks"));
    }

    [Fact]
    public async Task AdminApi_WithToken_AddsAndCollects()
    {
        var admin = new KuboRpcClient(_http, _adminApi.Address, credentials: KuboClientCredentials.Admin(AdminToken));

        var (cid, _) = await admin.AddAsync(new MemoryStream(TestData.Bytes(10_000, seed: 4)), 1, pin: true, Ct);

        Assert.Contains(cid, await admin.PinLsAsync(null, Ct));
    }

    [Fact]
    public async Task AdminApi_UploadAboveMaxAddBytes_413AndNothingStored()
    {
        var blocksBefore = SqliteInspector.Count(_temp.DatabasePath, "blocks");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_adminApi.Address, "api/v0/add?cid-version=1"))
        {
            Content = Multipart(TestData.Bytes(55 * 1024 * 1024, seed: 5)),
        };
        request.Headers.Authorization = new("Bearer", AdminToken);

        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(blocksBefore, SqliteInspector.Count(_temp.DatabasePath, "blocks"));
    }

    [Fact]
    public async Task PeerApi_UploadWithBody_413()
    {
        using var request = Signed(_registry.Register("0xhospitalB"), "api/v0/add");
        request.Content = Multipart(TestData.Bytes(2 * 1024 * 1024, seed: 6));

        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Api_CrossOriginTextPlainPost_403AndNoGc(bool admin)
    {
        await _temp.Store.UnpinAsync(_record, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(admin ? _adminApi.Address : _peerApi.Address, "api/v0/repo/gc"))
        {
            Content = new StringContent("x", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Authorization = new("Bearer", AdminToken);

        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.True(await _temp.Store.HasAsync(_record, Ct));
    }

    [Fact]
    public async Task PeerApi_MissingBlob_404Code3AndTypedNotFound()
    {
        var peer = new KuboBlobStore(PeerClient(_registry.Register("0xhospitalB")));
        var missing = Cid.Parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");

        await Assert.ThrowsAsync<BlobNotFoundException>(() => peer.OpenReadAsync(missing, Ct));
    }

    [Theory]
    [InlineData("ls")]
    [InlineData("refs")]
    [InlineData("get")]
    public async Task PeerApi_SignedDagReadOfNamedCid_Served(string command)
    {
        var signer = _registry.Register("0xhospitalB");

        using var request = Signed(signer, $"api/v0/{command}?arg={_record}&recursive=true");
        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("block/rm")]
    [InlineData("id")]
    [InlineData("files/stat")]
    public async Task PeerApi_SignedNodeCommand_404AndRecordKept(string command)
    {
        var signer = _registry.Register("0xhospitalB");
        var arg = command == "files/stat" ? $"/ipfs/{_record}" : _record.ToString();

        using var request = Signed(signer, $"api/v0/{command}?arg={arg}");
        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertKuboError(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(await _temp.Store.HasAsync(_record, Ct));
    }

    [Fact]
    public async Task PeerApi_AnonymousLs_401()
    {
        using var response = await _http.PostAsync(new Uri(_peerApi.Address, $"api/v0/ls?arg={_record}"), null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertKuboError(await response.Content.ReadAsStringAsync(Ct));
    }

    private KuboRpcClient PeerClient(IPeerRequestSigner signer) =>
        new(_http, _peerApi.Address, credentials: KuboClientCredentials.Peer(signer, TimeProvider.System));

    private HttpRequestMessage Signed(IPeerRequestSigner signer, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_peerApi.Address, pathAndQuery));
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (account, signature) = signer.Sign(PeerRequestSignature.Payload(_peerApi.Address.Authority, "POST", request.RequestUri!.PathAndQuery, seconds));
        request.Headers.Add(PeerRequestSignature.AccountHeader, account);
        request.Headers.Add(PeerRequestSignature.TimestampHeader, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(PeerRequestSignature.SignatureHeader, signature);
        return request;
    }

    private static async Task<byte[]> ReadAllAsync(IBlobStore store, Cid cid)
    {
        await using var stream = await store.OpenReadAsync(cid, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private static MultipartFormDataContent Multipart(byte[] data) => new() { { new ByteArrayContent(data), "file", "blob" } };

    private static void AssertKuboError(string body)
    {
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("Type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("Message").GetString()));
    }
}
