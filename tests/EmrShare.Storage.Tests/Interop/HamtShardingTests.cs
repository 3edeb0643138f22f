using System.Formats.Tar;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;
using EmrShare.Storage.Tests.Support;
using EmrShare.TestSupport;
using static EmrShare.Storage.Tests.Support.KuboCalls;

namespace EmrShare.Storage.Tests.Interop;

/// <summary>
/// HAMT-sharded directories (issue 18): a directory whose estimated size (name + CID bytes per link) passes 256 KiB is
/// sharded as Kubo shards it. CIDs and sizes are compared with ipfs-unixfs-importer 17.1.1 configured as Kubo adds,
/// just at and just above the threshold, nested, in both CID versions; then every read command goes through the shard.
/// </summary>
public sealed class HamtShardingTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private TempStore _temp = null!;
    private KuboApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    /// <summary>
    /// "dir/sharded" holds <paramref name="entries"/> files whose name + CID bytes are 256 each: 1,024 of them are
    /// exactly 262,144 bytes (stays basic), 1,025 pass it (sharded, with sub-shards: 1,025 names in 256 slots collide).
    /// </summary>
    [Theory]
    [InlineData(0, 1024)]
    [InlineData(0, 1025)]
    [InlineData(1, 1024)]
    [InlineData(1, 1025)]
    public async Task Add_DirectoryAtAndAboveShardingThreshold_SameCidsAsUnixFsImporter(int cidVersion, int entries)
    {
        var files = Tree(cidVersion, entries);
        var reference = await ReferenceAsync(cidVersion, files);
        using var body = KuboCalls.Tree([.. files.Select(f => new Part(f.Path, Encoding.UTF8.GetBytes(f.Content)))]);

        var ours = await AddAsync(Http, _server.Address, $"cid-version={cidVersion}&wrap-with-directory=true" + (cidVersion == 1 ? "&cid-base=base32" : string.Empty), body);

        Assert.Equal(reference.OrderBy(a => a.Name, StringComparer.Ordinal), ours.OrderBy(a => a.Name, StringComparer.Ordinal));
        var sharded = await UnixFsNode.ReadAsync(_temp.Store, Cid.Parse(ours.Single(a => a.Name == "dir/sharded").Hash), Ct);
        Assert.Equal(entries > 1024 ? UnixFsType.HamtShard : UnixFsType.Directory, sharded.Type);
        Assert.Equal(UnixFsType.Directory, (await UnixFsNode.ReadAsync(_temp.Store, Cid.Parse(ours.Single(a => a.Name == "dir").Hash), Ct)).Type);
    }

    [Fact]
    public async Task ReadCommands_ThroughShardedDirectory_SeeEntriesNotShards()
    {
        var files = Tree(1, 1025);
        using var body = KuboCalls.Tree([.. files.Select(f => new Part(f.Path, Encoding.UTF8.GetBytes(f.Content)))]);
        var added = await AddAsync(Http, _server.Address, "cid-version=1&wrap-with-directory=true", body);
        var root = added.Single(a => a.Name.Length == 0).Hash;
        var shard = added.Single(a => a.Name == "dir/sharded");
        var expected = files.Where(f => f.Path.StartsWith("dir/sharded/", StringComparison.Ordinal))
            .ToDictionary(f => f.Path["dir/sharded/".Length..], f => added.Single(a => a.Name == f.Path).Hash, StringComparer.Ordinal);
        var sample = files[500];

        var ls = JsonNode.Parse((await PostAsync(Http, _server.Address, $"ls?arg=/ipfs/{root}/dir/sharded")).Body)!["Objects"]![0]!["Links"]!.AsArray();
        var cat = await PostBytesAsync(Http, _server.Address, $"cat?arg=/ipfs/{root}/{Uri.EscapeDataString(sample.Path).Replace("%2F", "/", StringComparison.Ordinal)}");
        var missing = await PostAsync(Http, _server.Address, $"cat?arg=/ipfs/{root}/dir/sharded/no-such-entry");
        var stat = JsonNode.Parse((await PostAsync(Http, _server.Address, $"files/stat?arg=/ipfs/{shard.Hash}")).Body)!;
        var tar = await TarEntriesAsync(await PostBytesAsync(Http, _server.Address, $"get?arg=/ipfs/{root}/dir/sharded"));
        var refs = (await PostAsync(Http, _server.Address, $"refs?arg={shard.Hash}&recursive=true&unique=true")).Body
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["Ref"]!.GetValue<string>()).ToList();

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), ls.Select(l => KeyValuePair.Create(l!["Name"]!.GetValue<string>(), l["Hash"]!.GetValue<string>())).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.All(ls, l => Assert.Equal(2, l!["Type"]!.GetValue<int>()));
        Assert.Equal(sample.Content, Encoding.UTF8.GetString(cat));
        Assert.Equal(404, missing.Status);
        Assert.Equal("directory", stat["Type"]!.GetValue<string>());
        Assert.Equal(shard.Size, stat["CumulativeSize"]!.GetValue<ulong>().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(["sharded", .. expected.Keys.Select(n => "sharded/" + n).Order(StringComparer.Ordinal)], tar.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(sample.Content, Encoding.UTF8.GetString(tar.Single(e => e.Name == "sharded/" + sample.Path["dir/sharded/".Length..]).Content));
        // refs walk the DAG itself: every entry plus the sub-shards ls never shows.
        Assert.Superset(expected.Values.ToHashSet(), refs.ToHashSet());
        Assert.True(refs.Count > expected.Count, "no sub-shard among the refs");
    }

    [Fact]
    public async Task Ls_MalformedShard_Refused400()
    {
        var file = await _temp.Store.PutBlockAsync("x"u8.ToArray(), Multicodec.Raw, 1, Ct);
        var basic = await _temp.Store.PutBlockAsync(Node([new DagPbLink(file, "a", 1)], new UnixFsData(UnixFsType.Directory, ReadOnlyMemory<byte>.Empty, null, [])), Multicodec.DagPb, 1, Ct);
        var oddFanout = await _temp.Store.PutBlockAsync(Node([new DagPbLink(file, "000a", 1)], Shard(1000)), Multicodec.DagPb, 1, Ct);
        var subShardNotAShard = await _temp.Store.PutBlockAsync(Node([new DagPbLink(basic, "05", 60)], Shard(256)), Multicodec.DagPb, 1, Ct);

        var odd = await PostAsync(Http, _server.Address, $"ls?arg={oddFanout}");
        var notShard = await PostAsync(Http, _server.Address, $"ls?arg={subShardNotAShard}");
        var resolve = await PostAsync(Http, _server.Address, $"cat?arg=/ipfs/{oddFanout}/a");

        Assert.Equal(400, odd.Status);
        Assert.Contains("fanout 1000", odd.Body, StringComparison.Ordinal);
        Assert.Equal(400, notShard.Status);
        Assert.Contains("not a shard", notShard.Body, StringComparison.Ordinal);
        Assert.Equal(400, resolve.Status);
    }

    /// <summary>
    /// Eight blocks whose 256 slots all name the same sub-shard would list as 256^7 entries; each walker must refuse
    /// the repeated sub-shard itself (not merely run into the entry cap), within the test's own deadline. <c>get</c>
    /// has begun its tar when the repeat shows, so its refusal cuts the transfer, as its other refusals do.
    /// </summary>
    [Fact]
    public async Task Ls_ShardRepeatingOneSubShard_Refused400()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var root = await RepeatingShardAsync(deadline.Token);

        var ls = await PostWithDeadlineAsync(_server.Address, $"ls?arg={root}", deadline.Token);
        var getCut = await TransferCutAsync(_server.Address, $"get?arg={root}", deadline.Token);

        Assert.Equal(400, ls.Status);
        AssertKuboError(ls.Body, 1);
        Assert.Contains("appears more than once", ls.Body, StringComparison.Ordinal);
        Assert.True(getCut, "get streamed the repeated sub-shard's entries to the end");
    }

    [Fact]
    public async Task ListAsync_MoreEntriesThanBudget_Refused()
    {
        var file = await _temp.Store.PutBlockAsync("x"u8.ToArray(), Multicodec.Raw, 1, Ct);
        var links = Enumerable.Range(0, 4).Select(i => new DagPbLink(file, "e" + i.ToString(CultureInfo.InvariantCulture), 1)).ToList();
        var directory = await _temp.Store.PutBlockAsync(Node(links, new UnixFsData(UnixFsType.Directory, ReadOnlyMemory<byte>.Empty, null, [])), Multicodec.DagPb, 1, Ct);
        var node = await UnixFsNode.ReadAsync(_temp.Store, directory, Ct);

        var withinBudget = await UnixFsDirectoryEntries.ListAsync(_temp.Store, node, new DirectoryWalkBudget(4), Ct).ToListAsync(Ct);
        var refusal = await Assert.ThrowsAsync<DagFormatException>(async () => await UnixFsDirectoryEntries.ListAsync(_temp.Store, node, new DirectoryWalkBudget(3), Ct).ToListAsync(Ct));

        Assert.Equal(4, withinBudget.Count);
        Assert.Contains("more than 3 directory entries", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>A root shard over seven levels of sub-shards, every one of whose 256 slots names the level below.</summary>
    private async Task<Cid> RepeatingShardAsync(CancellationToken ct)
    {
        var file = await _temp.Store.PutBlockAsync("x"u8.ToArray(), Multicodec.Raw, 1, ct);
        var level = await _temp.Store.PutBlockAsync(Node([new DagPbLink(file, "00a", 1)], Shard(256)), Multicodec.DagPb, 1, ct);
        for (var depth = 0; depth < 7; depth++)
        {
            var below = level;
            var slots = Enumerable.Range(0, 256).Select(slot => new DagPbLink(below, slot.ToString("X2", CultureInfo.InvariantCulture), 1)).ToList();
            level = await _temp.Store.PutBlockAsync(Node(slots, Shard(256)), Multicodec.DagPb, 1, ct);
        }

        return level;
    }

    private static async Task<bool> TransferCutAsync(Uri node, string pathAndQuery, CancellationToken ct)
    {
        try
        {
            using var response = await Http.PostAsync(new Uri(node, "api/v0/" + pathAndQuery), null, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            return !response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return true;
        }
    }

    private static async Task<(int Status, string Body)> PostWithDeadlineAsync(Uri node, string pathAndQuery, CancellationToken ct)
    {
        using var response = await Http.PostAsync(new Uri(node, "api/v0/" + pathAndQuery), null, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static byte[] Node(IReadOnlyList<DagPbLink> links, UnixFsData data) => new DagPbNode(links, data.Encode()).Encode();

    private static UnixFsData Shard(ulong fanout) =>
        new(UnixFsType.HamtShard, new byte[] { 1 }, null, []) { HashType = Murmur3.HashType, Fanout = fanout };

    private static List<(string Path, string Content)> Tree(int cidVersion, int entries)
    {
        // name bytes + CID bytes = 256 per link: CIDv1 raw leaves are 36 bytes, CIDv0 dag-pb leaves 34.
        var nameLength = 256 - (cidVersion == 1 ? 36 : 34);
        var files = new List<(string, string)> { ("dir/readme.txt", "beside the sharded directory") };
        for (var i = 0; i < entries; i++)
        {
            var name = "entry-" + i.ToString(CultureInfo.InvariantCulture) + "-";
            files.Add(("dir/sharded/" + name.PadRight(nameLength, 'x'), "content " + i.ToString(CultureInfo.InvariantCulture)));
        }

        return files;
    }

    private static async Task<List<Added>> ReferenceAsync(int cidVersion, List<(string Path, string Content)> files)
    {
        var spec = Path.Combine(Path.GetTempPath(), $"emrshare-hamt-{Guid.NewGuid():N}.json");
        var json = new JsonObject { ["cidVersion"] = cidVersion, ["files"] = new JsonArray([.. files.Select(f => new JsonObject { ["path"] = f.Path, ["content"] = f.Content })]) };
        await File.WriteAllTextAsync(spec, json.ToJsonString(), Ct);
        try
        {
            var lines = await NodeScript.RunAsync(Path.Combine("tests", "EmrShare.Storage.Tests", "Interop", "unixfs-import.mjs"), [spec], TimeSpan.FromMinutes(2), Ct);
            return [.. lines.Select(l => JsonDocument.Parse(l).RootElement)
                .Select(e => new Added(e.GetProperty("path").GetString()!, e.GetProperty("cid").GetString()!, e.GetProperty("size").GetUInt64().ToString(CultureInfo.InvariantCulture)))];
        }
        finally
        {
            File.Delete(spec);
        }
    }

    private static async Task<List<(string Name, byte[] Content)>> TarEntriesAsync(byte[] tar)
    {
        var entries = new List<(string, byte[])>();
        await using var reader = new TarReader(new MemoryStream(tar));
        while (await reader.GetNextEntryAsync(copyData: true, Ct) is { } entry)
        {
            using var content = new MemoryStream();
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(content, Ct);
            }

            entries.Add((entry.Name.TrimEnd('/'), content.ToArray()));
        }

        return entries;
    }
}
