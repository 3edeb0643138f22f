using System.Formats.Tar;
using System.Net;
using System.Text.Json;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Tests.Support;
using static EmrShare.Storage.Tests.Support.KuboCalls;

namespace EmrShare.Storage.Tests.Conformance;

/// <summary>
/// Issue 18 #7: ls, refs, get, files/stat, cat by path, block/rm and id on a directory tree, answered as the
/// reference node (js-ipfs) answers the same requests where it follows Kubo, else in Kubo's documented shape.
/// </summary>
[Collection(JsIpfsCollection.Name)]
public sealed class KuboDagCommandTests(JsIpfsFixture ipfs) : IAsyncLifetime
{
    private const string Query = "cid-version=1&cid-base=base32";
    private TempStore _temp = null!;
    private KuboApiServer _server = null!;
    private string _root = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => ipfs.Http;

    public async ValueTask InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        _server = await KuboApiServer.StartAdminAsync(_temp.Store, 0, KuboAdminApiOptions.LoopbackOnly, Ct);
        using var ours = Tree(KuboDirectoryAddTests.NestedTree());
        using var theirs = Tree(KuboDirectoryAddTests.NestedTree());
        var added = await AddAsync(Http, _server.Address, "cid-version=1&wrap-with-directory=true", ours);
        var reference = await AddAsync(Http, ipfs.Node.ApiAddress, Query + "&wrap-with-directory=true", theirs);
        _root = added[^1].Hash;
        Assert.Equal(reference[^1].Hash, _root);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/docs")]
    [InlineData("/docs/sub")]
    [InlineData("/docs/big.bin")]
    public async Task Ls_DirectoryOrFile_SameLinksAsJsIpfs(string under)
    {
        var arg = _root + under;
        var (status, ours) = await PostAsync(Http, _server.Address, $"ls?arg={arg}");
        var (_, theirs) = await PostAsync(Http, ipfs.Node.ApiAddress, $"ls?arg={arg}&cid-base=base32");

        Assert.Equal(200, status);
        var ourObject = Assert.Single(JsonDocument.Parse(ours).RootElement.GetProperty("Objects").EnumerateArray());
        Assert.Equal(arg, ourObject.GetProperty("Hash").GetString());
        var theirLinks = JsonDocument.Parse(theirs).RootElement.GetProperty("Objects")[0].GetProperty("Links").EnumerateArray().Select(Link).ToList();
        var ourLinks = ourObject.GetProperty("Links").EnumerateArray().ToList();
        Assert.All(ourLinks, l => Assert.Equal(string.Empty, l.GetProperty("Target").GetString()));
        if (under == "/docs/big.bin")
        {
            // A file lists its chunks in Kubo (unnamed raw leaves); js-ipfs lists nothing for a file.
            Assert.Equal([(string.Empty, 262_144UL, 2), (string.Empty, 37_856UL, 2)], ourLinks.Select(l => (l.GetProperty("Name").GetString()!, l.GetProperty("Size").GetUInt64(), l.GetProperty("Type").GetInt32())));
            return;
        }

        Assert.Equal(theirLinks, ourLinks.Select(Link));
    }

    [Fact]
    public async Task Ls_Stream_OneObjectPerLink()
    {
        var (_, whole) = await PostAsync(Http, _server.Address, $"ls?arg={_root}/docs");
        var (_, streamed) = await PostAsync(Http, _server.Address, $"ls?arg={_root}/docs&stream=true");

        var lines = streamed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Objects")[0].GetProperty("Links")[0]).Select(Link);
        Assert.Equal(JsonDocument.Parse(whole).RootElement.GetProperty("Objects")[0].GetProperty("Links").EnumerateArray().Select(Link), lines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&recursive=true")]
    [InlineData("&recursive=true&unique=true")]
    [InlineData("&recursive=true&edges=true")]
    [InlineData("&recursive=true&max-depth=2")]
    [InlineData("&recursive=true&format=<linkname>")]
    public async Task Refs_Options_SameLinesAsJsIpfs(string options)
    {
        var (status, ours) = await PostAsync(Http, _server.Address, $"refs?arg={_root}{options}");
        var (_, theirs) = await PostAsync(Http, ipfs.Node.ApiAddress, $"refs?arg={_root}{options}&cid-base=base32");

        Assert.Equal(200, status);
        Assert.Equal(Refs(theirs), Refs(ours));
        Assert.NotEmpty(Refs(ours));
    }

    [Fact]
    public async Task Refs_UniqueOnTreeWithRepeatedBlocks_EachCidOnce()
    {
        // The tree holds the empty file once, but "unique" must also drop a CID met twice: add a copy under another name.
        using var body = Tree(new Part("d", null), new Part("d/a", "same"u8.ToArray()), new Part("d/b", "same"u8.ToArray()));
        var root = (await AddAsync(Http, _server.Address, "cid-version=1", body))[^1].Hash;

        var (_, all) = await PostAsync(Http, _server.Address, $"refs?arg={root}&recursive=true");
        var (_, unique) = await PostAsync(Http, _server.Address, $"refs?arg={root}&recursive=true&unique=true");

        Assert.Equal(2, Refs(all).Count);
        Assert.Single(Refs(unique));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/docs/sub")]
    [InlineData("/docs/big.bin")]
    public async Task Get_Tree_SameTarEntriesAsJsIpfs(string under)
    {
        var ours = await Entries(await PostBytesAsync(Http, _server.Address, $"get?arg={_root}{under}"));
        var theirs = await Entries(await PostBytesAsync(Http, ipfs.Node.ApiAddress, $"get?arg={_root}{under}"));

        // Kubo names the archive's top entry by the path's last element; js-ipfs keeps the whole path.
        var parent = (_root + under)[..((_root + under).LastIndexOf('/') + 1)];
        theirs = [.. theirs.Select(t => (t.Name[parent.Length..], t.Type, t.Content))];

        Assert.Equal(theirs.Select(e => e.Name).Order(StringComparer.Ordinal), ours.Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var entry in ours)
        {
            var reference = theirs.Single(t => t.Name == entry.Name);
            Assert.Equal(reference.Type, entry.Type);
            Assert.Equal(reference.Content, entry.Content);
        }

        // Kubo writes a directory before its entries, entries in link order.
        Assert.Equal(ours.Select(e => e.Name), ours.Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("..")]
    [InlineData("a/b")]
    public async Task Get_DirectoryWithUnsafeEntryName_NoSuchEntryInArchive(string name)
    {
        var file = await _temp.Store.PutBlockAsync("escaped"u8.ToArray(), Storage.Multiformats.Multicodec.Raw, 1, Ct);
        await AssertNotArchivedAsync([(name, file)], name);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../../outside")]
    [InlineData("a/../../outside")]
    public async Task Get_SymlinkPointingOutside_NoSuchEntryInArchive(string target)
    {
        var link = new Storage.DagPb.UnixFsData(Storage.DagPb.UnixFsType.Symlink, System.Text.Encoding.UTF8.GetBytes(target), null, []).Encode();
        await AssertNotArchivedAsync([("escape", await PutDagPbAsync([], link))], "escape");
    }

    [Fact]
    public async Task Get_DirectoryNamingOneEntryTwice_NoSuchEntryInArchive()
    {
        var file = await _temp.Store.PutBlockAsync("one"u8.ToArray(), Storage.Multiformats.Multicodec.Raw, 1, Ct);
        var other = await _temp.Store.PutBlockAsync("two"u8.ToArray(), Storage.Multiformats.Multicodec.Raw, 1, Ct);
        await AssertNotArchivedAsync([("twice", file), ("twice", other)], "twice");
    }

    private async Task<Storage.Multiformats.Cid> PutDagPbAsync(IReadOnlyList<Storage.DagPb.DagPbLink> links, byte[] data) =>
        await _temp.Store.PutBlockAsync(new Storage.DagPb.DagPbNode([.. links], data).Encode(), Storage.Multiformats.Multicodec.DagPb, 1, Ct);

    // A hand-made directory (no importer writes one like it) whose entries would leave the extraction folder.
    private async Task AssertNotArchivedAsync(IReadOnlyList<(string Name, Storage.Multiformats.Cid Cid)> entries, string name)
    {
        var data = new Storage.DagPb.UnixFsData(Storage.DagPb.UnixFsType.Directory, ReadOnlyMemory<byte>.Empty, null, []).Encode();
        var root = await PutDagPbAsync([.. entries.Select(e => new Storage.DagPb.DagPbLink(e.Cid, e.Name, 7))], data);
        var names = new List<string>();
        try
        {
            using var response = await Http.PostAsync(new Uri(_server.Address, $"api/v0/get?arg={root}"), null, Ct);
            names.AddRange((await Entries(await response.Content.ReadAsByteArrayAsync(Ct))).Select(e => e.Name));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or FormatException)
        {
            // The transfer was cut: no archive, so nothing was extracted anywhere.
        }

        Assert.DoesNotContain(names, n => n.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_NameLongerThanUstar_FullNameThroughPaxRecord()
    {
        var longName = new string('n', 150) + ".txt";
        using var body = Tree(new Part("d", null), new Part("d/" + longName, "long"u8.ToArray()));
        var root = (await AddAsync(Http, _server.Address, "cid-version=1", body))[^1].Hash;

        var entries = await Entries(await PostBytesAsync(Http, _server.Address, $"get?arg={root}"));

        Assert.Equal([root, root + "/" + longName], entries.Select(e => e.Name));
        Assert.Equal("long"u8.ToArray(), entries[1].Content);
    }

    [Fact]
    public async Task Get_Compressed_400NeverIgnored()
    {
        var (status, body) = await PostAsync(Http, _server.Address, $"get?arg={_root}&compress=true");

        Assert.Equal(400, status);
        AssertKuboError(body, 1);
    }

    [Fact]
    public async Task Cat_ByPathInDirectory_FileBytes()
    {
        var bytes = await PostBytesAsync(Http, _server.Address, $"cat?arg=/ipfs/{_root}/docs/sub/c.txt&offset=10&length=20");

        Assert.Equal(TestData.Bytes(1000, seed: 3).AsSpan(10, 20).ToArray(), bytes);
    }

    [Theory]
    [InlineData("cat", "/docs/missing.txt", 404, 3)]
    [InlineData("ls", "/docs/alpha.txt/deeper", 404, 3)]
    [InlineData("cat", "/docs", 400, 1)]
    public async Task Command_BadPath_KuboError(string command, string under, int status, int code)
    {
        var (actual, body) = await PostAsync(Http, _server.Address, $"{command}?arg={_root}{under}");

        Assert.Equal(status, actual);
        AssertKuboError(body, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/docs/big.bin")]
    [InlineData("/docs/empty.txt")]
    public async Task FilesStat_IpfsPath_SameAsJsIpfs(string under)
    {
        var (status, ours) = await PostAsync(Http, _server.Address, $"files/stat?arg=/ipfs/{_root}{under}");
        var (_, theirs) = await PostAsync(Http, ipfs.Node.ApiAddress, $"files/stat?arg=/ipfs/{_root}{under}&cid-base=base32");

        Assert.Equal(200, status);
        using var our = JsonDocument.Parse(ours);
        using var their = JsonDocument.Parse(theirs);
        // js-ipfs ignores cid-base here (base58btc); the CID is the same.
        Assert.Equal(Storage.Multiformats.Cid.Parse(their.RootElement.GetProperty("Hash").GetString()!), Storage.Multiformats.Cid.Parse(our.RootElement.GetProperty("Hash").GetString()!));
        foreach (var field in new[] { "Size", "CumulativeSize", "Blocks", "Type" })
        {
            Assert.Equal(their.RootElement.GetProperty(field).ToString(), our.RootElement.GetProperty(field).ToString());
        }
    }

    [Fact]
    public async Task FilesStat_MfsPath_404KuboError()
    {
        var (status, body) = await PostAsync(Http, _server.Address, "files/stat?arg=/");

        Assert.Equal(404, status);
        AssertKuboError(body, 0);
    }

    [Fact]
    public async Task BlockRm_PinnedRootInnerBlockFreeAndMissing_KuboLines()
    {
        using var body = Tree(new Part("free.bin", TestData.Bytes(100, seed: 11)));
        var free = (await AddAsync(Http, _server.Address, "cid-version=1&pin=false", body))[0].Hash;
        var inner = Refs((await PostAsync(Http, _server.Address, $"refs?arg={_root}")).Body)[0];
        const string missing = "bafkreie7ohywtosou76tasm7j63yigtzxe7d5zqus4zu3j6oltvgtibeom";

        var (status, text) = await PostAsync(Http, _server.Address, $"block/rm?arg={_root}&arg={inner}&arg={free}&arg={missing}");

        Assert.Equal(200, status);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([_root, inner, free, missing], lines.Select(l => l.GetProperty("Hash").GetString()));
        Assert.Equal("pinned: recursive", lines[0].GetProperty("Error").GetString());
        Assert.Equal($"pinned via {_root}", lines[1].GetProperty("Error").GetString());
        Assert.False(lines[2].TryGetProperty("Error", out _));
        Assert.Equal($"ipld: could not find {missing}", lines[3].GetProperty("Error").GetString());
        Assert.False(await _temp.Store.HasAsync(Storage.Multiformats.Cid.Parse(free), Ct));
        Assert.Equal(TestData.Bytes(300_000, seed: 5), await PostBytesAsync(Http, _server.Address, $"cat?arg={_root}/docs/big.bin"));

        var (_, forced) = await PostAsync(Http, _server.Address, $"block/rm?arg={missing}&force=true");
        Assert.False(JsonDocument.Parse(forced).RootElement.TryGetProperty("Error", out _));
    }

    [Fact]
    public async Task Id_NoPeerIdentity_KuboShapeWithEmptyIdAndNoAddresses()
    {
        var (status, body) = await PostAsync(Http, _server.Address, "id");
        var (other, refusal) = await PostAsync(Http, _server.Address, "id?arg=12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(string.Empty, json.RootElement.GetProperty("ID").GetString());
        Assert.Empty(json.RootElement.GetProperty("Addresses").EnumerateArray());
        Assert.Empty(json.RootElement.GetProperty("Protocols").EnumerateArray());
        Assert.StartsWith("emrshare-store/", json.RootElement.GetProperty("AgentVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal((int)HttpStatusCode.BadRequest, other);
        AssertKuboError(refusal, 1);
    }

    private static (string Name, string Hash, ulong Size, int Type) Link(JsonElement l) =>
        (l.GetProperty("Name").GetString() ?? string.Empty, l.GetProperty("Hash").GetString()!, l.GetProperty("Size").GetUInt64(), l.GetProperty("Type").GetInt32());

    private static List<string> Refs(string body) =>
        [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Ref").GetString()!)];

    private static async Task<List<(string Name, TarEntryType Type, byte[] Content)>> Entries(byte[] tar)
    {
        var entries = new List<(string, TarEntryType, byte[])>();
        await using var reader = new TarReader(new MemoryStream(tar));
        while (await reader.GetNextEntryAsync(copyData: true, Ct) is { } entry)
        {
            using var content = new MemoryStream();
            if (entry.DataStream is not null)
            {
                await entry.DataStream.CopyToAsync(content, Ct);
            }

            entries.Add((entry.Name.TrimEnd('/'), entry.EntryType == TarEntryType.V7RegularFile ? TarEntryType.RegularFile : entry.EntryType, content.ToArray()));
        }

        return entries;
    }
}
