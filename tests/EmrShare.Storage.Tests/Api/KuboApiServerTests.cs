using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Api;

/// <summary>Raw HTTP against the Kubo-compatible server: status codes and Kubo-shaped error bodies.</summary>
public sealed class KuboApiServerTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private TempStore _temp = null!;
    private KuboApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _temp = await TempStore.CreateAsync(maxBlobBytes: 2_000_000);
        _server = await KuboApiServer.StartAdminAsync(_temp.Store, 0, KuboAdminApiOptions.LoopbackOnly, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Theory]
    [InlineData("cat?arg=not-a-cid", HttpStatusCode.BadRequest, 1)]
    [InlineData("block/get?arg=QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQ0", HttpStatusCode.BadRequest, 1)]
    [InlineData("cat", HttpStatusCode.BadRequest, 1)]
    [InlineData("cat?arg=bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", HttpStatusCode.NotFound, 3)]
    [InlineData("block/get?arg=QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", HttpStatusCode.NotFound, 3)]
    [InlineData("pin/add?arg=QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", HttpStatusCode.NotFound, 3)]
    [InlineData("add?cid-version=7", HttpStatusCode.BadRequest, 1)]
    public async Task Endpoint_BadOrUnknownInput_KuboErrorWith4xx(string pathAndQuery, HttpStatusCode status, int code)
    {
        using var response = await _http.PostAsync(new Uri(_server.Address, "api/v0/" + pathAndQuery), null, Ct);

        Assert.Equal(status, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(code, json.RootElement.GetProperty("Code").GetInt32());
        Assert.Equal("error", json.RootElement.GetProperty("Type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("Message").GetString()));
    }

    [Fact]
    public async Task Add_OverStoreLimit_413AndNothingStored()
    {
        using var body = Multipart(TestData.Bytes(3_000_000));

        using var response = await _http.PostAsync(new Uri(_server.Address, "api/v0/add?cid-version=1"), body, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "blocks"));
    }

    [Fact]
    public async Task AddCat_V0Default_KuboShapedAnswerAndSameBytes()
    {
        var data = TestData.Bytes(400_000, seed: 4);
        using var body = Multipart(data);

        using var added = await _http.PostAsync(new Uri(_server.Address, "api/v0/add"), body, Ct);
        using var json = JsonDocument.Parse(await added.Content.ReadAsStringAsync(Ct));
        var hash = json.RootElement.GetProperty("Hash").GetString()!;
        Assert.StartsWith("Qm", hash, StringComparison.Ordinal); // Kubo's default without cid-version is CIDv0
        Assert.Equal("upload.bin", json.RootElement.GetProperty("Name").GetString());

        using var cat = await _http.PostAsync(new Uri(_server.Address, "api/v0/cat?arg=/ipfs/" + hash), null, Ct);
        Assert.Equal(data, await cat.Content.ReadAsByteArrayAsync(Ct));
        using var pins = await _http.PostAsync(new Uri(_server.Address, "api/v0/pin/ls"), null, Ct);
        Assert.Contains(hash, await pins.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("block/put", "bafkrei")]
    [InlineData("block/put?cid-codec=raw", "bafkrei")]
    [InlineData("block/put?format=v0", "Qm")]
    [InlineData("block/put?format=dag-pb&version=0", "Qm")]
    [InlineData("block/put?cid-codec=dag-pb", "bafybei")]
    public async Task BlockPut_CodecDialects_KeyHasExpectedForm(string pathAndQuery, string prefix)
    {
        var block = Convert.FromHexString("0A0408021800"); // a valid dag-pb node (the empty file) is also fine as raw bytes

        using var response = await _http.PostAsync(new Uri(_server.Address, "api/v0/" + pathAndQuery), Multipart(block), Ct);

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var key = Cid.Parse(json.RootElement.GetProperty("Key").GetString()!);
        Assert.StartsWith(prefix, key.ToString(), StringComparison.Ordinal);
        Assert.True(key.Matches(block));
        Assert.Equal(block, await _temp.Store.GetBlockAsync(key, Ct));
    }

    [Fact]
    public async Task KuboStore_OverTamperedEmrShareNode_ThrowsBlockIntegrity()
    {
        var remote = new EmrShare.Storage.Kubo.KuboBlobStore(new EmrShare.Storage.Kubo.KuboRpcClient(_http, _server.Address));
        var root = await remote.PutAsync(new MemoryStream(TestData.Bytes(10_000)), PutOptions.Default, Ct);
        SqliteInspector.FlipByte(_temp.DatabasePath, root, 10);

        var error = await Assert.ThrowsAsync<BlockIntegrityException>(() => remote.OpenReadAsync(root, Ct));
        Assert.Equal(root, error.Cid);
    }

    [Fact]
    public async Task Version_Answers()
    {
        using var response = await _http.PostAsync(new Uri(_server.Address, "api/v0/version"), null, Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(KuboApiEndpoints.ServerVersion, json.RootElement.GetProperty("Version").GetString());
    }

    private static MultipartFormDataContent Multipart(byte[] data)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", "upload.bin" } };
    }
}
