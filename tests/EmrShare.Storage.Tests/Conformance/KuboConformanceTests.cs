using System.Net;
using System.Text.Json;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Tests.Support;
using static EmrShare.Storage.Tests.Support.KuboCalls;

namespace EmrShare.Storage.Tests.Conformance;

/// <summary>
/// Issue 18 #6–#8: the embedded store's Kubo API answered beside js-ipfs (the reference node) with the same raw
/// requests; where js-ipfs differs from Kubo or has no such command, against Kubo's documented shapes.
/// </summary>
[Collection(JsIpfsCollection.Name)]
public sealed class KuboConformanceTests(JsIpfsFixture ipfs) : IAsyncLifetime
{
    private TempStore _temp = null!;
    private KuboApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => ipfs.Http;

    public async ValueTask InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        _server = await KuboApiServer.StartAdminAsync(_temp.Store, 0, new KuboAdminApiOptions { MaxAddBytes = 3_000_000 }, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(262_140, 20)]
    [InlineData(700_000, 500_000)]
    [InlineData(5, 1)]
    [InlineData(999_999, 5)]
    public async Task Cat_OffsetAndLength_SameBytesAsJsIpfs(int offset, int length)
    {
        var data = TestData.Bytes(1_000_000, seed: 77);
        var ours = await AddAsync(_server.Address, data, "cid-version=1");
        var theirs = await AddAsync(ipfs.Node.ApiAddress, data, "cid-version=1&cid-base=base32");
        Assert.Equal(theirs[0].Hash, ours[0].Hash);

        var query = $"cat?arg={ours[0].Hash}&offset={offset}&length={length}";
        var expected = await PostBytesAsync(ipfs.Node.ApiAddress, query);
        var actual = await PostBytesAsync(_server.Address, query);

        Assert.Equal(data.AsSpan(offset, Math.Min(length, data.Length - offset)).ToArray(), actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Add_OnlyHash_SameCidAsJsIpfsAndNothingStored()
    {
        var data = TestData.Bytes(600_000, seed: 78);

        var ours = await AddAsync(_server.Address, data, "only-hash=true");
        var theirs = await AddAsync(ipfs.Node.ApiAddress, data, "only-hash=true");

        Assert.Equal(theirs[0].Hash, ours[0].Hash);
        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "blocks"));
        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "pins"));
    }

    [Fact]
    public async Task Add_MultipleFiles_EveryFileAddedAsJsIpfs()
    {
        using var ours = Files(("a.bin", TestData.Bytes(300_000, seed: 1)), ("b.bin", TestData.Bytes(10, seed: 2)), ("c.bin", TestData.Bytes(0)));
        using var theirs = Files(("a.bin", TestData.Bytes(300_000, seed: 1)), ("b.bin", TestData.Bytes(10, seed: 2)), ("c.bin", TestData.Bytes(0)));

        var actual = await PostAddAsync(_server.Address, "cid-version=0", ours);
        var expected = await PostAddAsync(ipfs.Node.ApiAddress, "cid-version=0", theirs);

        // Hashes as js-ipfs computes them; names as Kubo reports them (js-ipfs names each entry by its CID instead).
        Assert.Equal(expected.Select(e => e.Hash), actual.Select(a => a.Hash));
        Assert.Equal(["a.bin", "b.bin", "c.bin"], actual.Select(a => a.Name));
    }

    [Fact]
    public async Task Add_PlainFieldBeforeFile_FieldNotTakenAsTheFile()
    {
        var data = TestData.Bytes(5000, seed: 79);
        using var body = new MultipartFormDataContent
        {
            { new StringContent("not the file"), "comment" },
            { new ByteArrayContent(data), "file", "real.bin" },
        };

        var added = await PostAddAsync(_server.Address, "cid-version=1", body);
        var reference = await AddAsync(ipfs.Node.ApiAddress, data, "cid-version=1&cid-base=base32");

        Assert.Equal(reference[0].Hash, Assert.Single(added).Hash);
    }

    [Fact]
    public async Task Add_CidBaseBase58btc_SameTextAsJsIpfs()
    {
        var data = TestData.Bytes(300_000, seed: 85);

        var ours = await AddAsync(_server.Address, data, "cid-version=1&cid-base=base58btc");
        var theirs = await AddAsync(ipfs.Node.ApiAddress, data, "cid-version=1&cid-base=base58btc");

        Assert.StartsWith("z", ours[0].Hash, StringComparison.Ordinal);
        Assert.Equal(theirs[0].Hash, ours[0].Hash);
    }

    [Fact]
    public async Task Add_CidV0WithCidBase_UpgradedToV1AsKubo()
    {
        var data = TestData.Bytes(1000, seed: 86);

        var plain = Storage.Multiformats.Cid.Parse((await AddAsync(_server.Address, data, "cid-version=0"))[0].Hash);
        var based = (await AddAsync(_server.Address, data, "cid-version=0&cid-base=base32"))[0].Hash;
        var kept = (await AddAsync(_server.Address, data, "cid-version=0&cid-base=base32&upgrade-cidv0-in-output=false"))[0].Hash;

        Assert.Equal(0, plain.Version);
        Assert.Equal(Storage.Multiformats.Cid.FromSha256(1, Storage.Multiformats.Multicodec.DagPb, plain.Digest).ToString(), based);
        Assert.Equal(plain.ToString(), kept);
    }

    [Theory]
    [InlineData("add?cid-base=base64")]
    [InlineData("ls?arg=bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku&cid-base=base36")]
    public async Task Command_UnsupportedCidBase_400NeverIgnored(string pathAndQuery)
    {
        using var body = Files(("x", TestData.Bytes(100)));

        using var response = await Http.PostAsync(new Uri(_server.Address, "api/v0/" + pathAndQuery), body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertKuboError(await response.Content.ReadAsStringAsync(Ct), 1);
        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "blocks"));
    }

    [Fact]
    public async Task Add_PinFalse_StoredButNotPinned()
    {
        var added = await AddAsync(_server.Address, TestData.Bytes(1000, seed: 80), "pin=false");

        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "pins"));
        Assert.True(await _temp.Store.HasAsync(Storage.Multiformats.Cid.Parse(added[0].Hash), Ct));
    }

    [Theory]
    [InlineData("add?chunker=size-1000")]
    [InlineData("add?trickle=true")]
    [InlineData("add?hash=blake2b-256")]
    [InlineData("add?cid-version=0&raw-leaves=true")]
    public async Task Add_OptionNotImplemented_400NeverIgnored(string pathAndQuery)
    {
        using var body = Files(("x", TestData.Bytes(100)));

        using var response = await Http.PostAsync(new Uri(_server.Address, "api/v0/" + pathAndQuery), body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertKuboError(await response.Content.ReadAsStringAsync(Ct), 1);
        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "blocks"));
    }

    [Fact]
    public async Task PinAdd_NotRecursive_400()
    {
        var added = await AddAsync(_server.Address, TestData.Bytes(100, seed: 81), "pin=false");

        using var response = await Http.PostAsync(new Uri(_server.Address, $"api/v0/pin/add?arg={added[0].Hash}&recursive=false"), null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "pins"));
    }

    [Fact]
    public async Task PinRm_NotPinned_ErrorAsJsIpfs()
    {
        var data = TestData.Bytes(100, seed: 82);
        var ours = await AddAsync(_server.Address, data, "pin=false");
        var theirs = await AddAsync(ipfs.Node.ApiAddress, data, "pin=false");

        using var expected = await Http.PostAsync(new Uri(ipfs.Node.ApiAddress, $"api/v0/pin/rm?arg={theirs[0].Hash}"), null, Ct);
        using var actual = await Http.PostAsync(new Uri(_server.Address, $"api/v0/pin/rm?arg={ours[0].Hash}"), null, Ct);

        Assert.False(expected.IsSuccessStatusCode);
        Assert.False(actual.IsSuccessStatusCode);
        AssertKuboError(await actual.Content.ReadAsStringAsync(Ct), 1);
        Assert.Contains("not pinned", await actual.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepoGc_RemovedBlocks_OneKeyLinePerBlockAsKubo()
    {
        var added = await AddAsync(_server.Address, TestData.Bytes(600_000, seed: 83), "cid-version=1&pin=false");

        using var response = await Http.PostAsync(new Uri(_server.Address, "api/v0/repo/gc"), null, Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Key").GetProperty("/").GetString()).ToList();
        Assert.Equal(4, keys.Count); // three raw leaves and the root
        Assert.Contains(added[0].Hash, keys);
        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "blocks"));
    }

    [Theory]
    [InlineData("refs/local")]
    [InlineData("files/ls")]
    [InlineData("dag/get")]
    [InlineData("no/such/command")]
    public async Task Command_NotServed_404WithKuboErrorShape(string command)
    {
        using var response = await Http.PostAsync(new Uri(_server.Address, $"api/v0/{command}?arg=x"), null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertKuboError(await response.Content.ReadAsStringAsync(Ct), 0);
    }

    [Fact]
    public async Task Add_AboveMaxAddBytes_413AndNothingStored()
    {
        using var body = Files(("big", TestData.Bytes(3_000_001, seed: 84)));

        using var response = await Http.PostAsync(new Uri(_server.Address, "api/v0/add"), body, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, SqliteInspector.Count(_temp.DatabasePath, "blocks"));
    }

    private async Task<List<Added>> AddAsync(Uri node, byte[] data, string query)
    {
        using var body = Files(("blob", data));
        return await PostAddAsync(node, query, body);
    }

    private Task<List<Added>> PostAddAsync(Uri node, string query, MultipartFormDataContent body) => KuboCalls.AddAsync(Http, node, query, body);

    private Task<byte[]> PostBytesAsync(Uri node, string query) => KuboCalls.PostBytesAsync(Http, node, query);

    private static MultipartFormDataContent Files(params (string Name, byte[] Data)[] files) => Tree([.. files.Select(f => new Part(f.Name, f.Data))]);
}
