using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Tests.Support;
using static EmrShare.Storage.Tests.Support.KuboCalls;

namespace EmrShare.Storage.Tests.Api;

/// <summary>
/// Kubo's <c>cat</c> options on the embedded store: several paths through one offset/length window (Kubo's cat()),
/// <c>progress</c> checked but without effect on the body, bad values refused; and the read-ahead stream serving a
/// window, stopping at a tampered block, and letting go of its connection when dropped mid-file.
/// </summary>
public sealed class KuboCatCommandTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private static readonly byte[] A = TestData.Bytes(300_000, seed: 1);
    private static readonly byte[] B = TestData.Bytes(100, seed: 2);
    private static readonly byte[] C = TestData.Bytes(600_000, seed: 3);
    private TempStore _temp = null!;
    private KuboApiServer _server = null!;
    private Cid _a;
    private Cid _b;
    private Cid _c;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        _server = await KuboApiServer.StartAdminAsync(_temp.Store, 0, KuboAdminApiOptions.LoopbackOnly, Ct);
        _a = await _temp.Store.PutAsync(new MemoryStream(A), PutOptions.Default, Ct);
        _b = await _temp.Store.PutAsync(new MemoryStream(B), PutOptions.V0, Ct);
        _c = await _temp.Store.PutAsync(new MemoryStream(C), PutOptions.Default, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _temp.DisposeAsync();
    }

    /// <summary>Offsets past a whole file skip it; an offset equal to the bytes before a file starts it at 0; length caps the total.</summary>
    [Theory]
    [InlineData(null, null)]
    [InlineData(300_050L, 200L)]
    [InlineData(300_100L, null)]
    [InlineData(299_999L, 2L)]
    [InlineData(0L, 0L)]
    [InlineData(2_000_000L, null)]
    public async Task Cat_SeveralArgs_ConcatenatedThroughOneWindow(long? offset, long? length)
    {
        var all = A.Concat(B).Concat(C).ToArray();
        var from = (int)Math.Min(offset ?? 0, all.Length);
        var expected = all.AsSpan(from, (int)Math.Min(length ?? long.MaxValue, all.Length - from)).ToArray();
        var query = $"cat?arg={_a}&arg=/ipfs/{_b}&arg={_c}" + (offset is { } o ? $"&offset={o}" : string.Empty) + (length is { } l ? $"&length={l}" : string.Empty);

        using var response = await Http.PostAsync(new Uri(_server.Address, "api/v0/" + query), null, Ct);
        var body = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(expected, body);
        Assert.Equal(expected.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Content-Length").Single());
    }

    [Theory]
    [InlineData("progress=false")]
    [InlineData("progress=true")]
    public async Task Cat_Progress_SameBytes(string option)
    {
        Assert.Equal(C, await PostBytesAsync(Http, _server.Address, $"cat?arg={_c}&{option}"));
    }

    [Theory]
    [InlineData("progress=maybe")]
    [InlineData("offset=-1")]
    [InlineData("length=-5")]
    [InlineData("offset=ten")]
    public async Task Cat_BadOption_Refused400(string option)
    {
        var (status, body) = await PostAsync(Http, _server.Address, $"cat?arg={_c}&{option}");

        Assert.Equal(400, status);
        AssertKuboError(body, 1);
    }

    /// <summary>The read-ahead verifies blocks past the reader; a tampered third leaf must still cost only the bytes after it.</summary>
    [Fact]
    public async Task Cat_WindowBeforeTamperedLeaf_ServedAndWholeFileCut()
    {
        var data = TestData.Bytes((4 * UnixFsImporter.ChunkSize) + 7, seed: 9);
        var root = await _temp.Store.PutAsync(new MemoryStream(data), PutOptions.Default, Ct);
        var leaves = DagPbNode.Decode(await _temp.Store.GetBlockAsync(root, Ct)).Links;
        SqliteInspector.FlipByte(_temp.DatabasePath, leaves[2].Cid, 77);

        var window = await PostBytesAsync(Http, _server.Address, $"cat?arg={root}&offset=10&length={UnixFsImporter.ChunkSize}");
        var (received, cut) = await ReadUntilCutAsync($"cat?arg={root}");

        Assert.Equal(data.AsSpan(10, UnixFsImporter.ChunkSize).ToArray(), window);
        Assert.True(cut, "the transfer ran to the end past a tampered block");
        Assert.True(received.Length <= 2 * UnixFsImporter.ChunkSize, $"{received.Length} bytes served, more than the two intact leaves");
        Assert.Equal(data.AsSpan(0, received.Length).ToArray(), received);
    }

    /// <summary>A reader that stops mid-file and disposes the stream gives back its read connection: the store can still be written and collected.</summary>
    [Fact]
    public async Task OpenRead_DisposedMidFile_StoreStaysUsable()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 50; i++)
        {
            var stream = await _temp.Store.OpenReadAsync(_c, deadline.Token);
            await using (stream)
            {
                var buffer = new byte[10];
                await stream.ReadExactlyAsync(buffer, deadline.Token);
                Assert.Equal(C.AsSpan(0, 10).ToArray(), buffer);
            }
        }

        await _temp.Store.UnpinAsync(_c, deadline.Token);
        await _temp.Store.CollectGarbageAsync(deadline.Token);

        Assert.False(await _temp.Store.HasAsync(_c, deadline.Token));
    }

    private async Task<(byte[] Received, bool Cut)> ReadUntilCutAsync(string pathAndQuery)
    {
        var received = new MemoryStream();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.Address, "api/v0/" + pathAndQuery));
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
            await using var body = await response.Content.ReadAsStreamAsync(Ct);
            await body.CopyToAsync(received, Ct);
            return (received.ToArray(), !response.IsSuccessStatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (received.ToArray(), true);
        }
    }
}
