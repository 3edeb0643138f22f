using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;
using EmrShare.Storage.Tests.Support;
using static EmrShare.Storage.Tests.Support.KuboCalls;

namespace EmrShare.Storage.Tests.Reading;

/// <summary>
/// A planted DAG whose levels each link the next block twice: 41 stored blocks, 2^41 paths. The pin walk must visit
/// each block once (Kubo's visited set) and <c>refs</c> without <c>unique</c> must refuse it (400) before listing,
/// while <c>unique</c> lists each block once. Every test runs under its own deadline, so a regression fails instead of
/// hanging the run.
/// </summary>
public sealed class RepeatedLinkDagTests : IAsyncLifetime
{
    private const int Levels = 40;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private TempStore _temp = null!;
    private KuboApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        _server = await KuboApiServer.StartAdminAsync(_temp.Store, 0, KuboAdminApiOptions.LoopbackOnly, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Fact]
    public async Task Pin_DagLinkingEachLevelTwice_PinnedWithinDeadline()
    {
        using var deadline = Deadline();
        var root = await PlantAsync(Levels, deadline.Token);

        await _temp.Store.PinAsync(root, deadline.Token);

        Assert.True((await _temp.Store.StatAsync(root, deadline.Token)).Pinned);
    }

    [Fact]
    public async Task WalkAsync_DagLinkingEachLevelTwice_EachBlockOnce()
    {
        using var deadline = Deadline();
        var root = await PlantAsync(Levels, deadline.Token);

        var walked = await DagWalker.WalkAsync(_temp.Store, root, verify: true, deadline.Token).ToListAsync(deadline.Token);

        Assert.Equal(Levels + 1, walked.Count);
        Assert.Equal(Levels + 1, walked.Distinct().Count());
        Assert.Equal(root, walked[0]);
    }

    [Fact]
    public async Task Refs_RecursiveOnDagLinkingEachLevelTwice_Refused400()
    {
        using var deadline = Deadline();
        var root = await PlantAsync(Levels, deadline.Token);

        using var response = await Http.PostAsync(new Uri(_server.Address, $"api/v0/refs?arg={root}&recursive=true"), null, deadline.Token);
        var body = await response.Content.ReadAsStringAsync(deadline.Token);

        Assert.Equal(400, (int)response.StatusCode);
        AssertKuboError(body, 1);
        Assert.Contains("unique=true", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refs_RecursiveUniqueOnDagLinkingEachLevelTwice_EachBlockOnce()
    {
        using var deadline = Deadline();
        var root = await PlantAsync(Levels, deadline.Token);

        using var response = await Http.PostAsync(new Uri(_server.Address, $"api/v0/refs?arg={root}&recursive=true&unique=true"), null, deadline.Token);
        var lines = (await response.Content.ReadAsStringAsync(deadline.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Levels, lines.Length);
    }

    /// <summary>Ten levels list 2^11 - 2 = 2,046 refs of 10 distinct blocks: 2,036 repeats, listed in full as Kubo lists them.</summary>
    [Fact]
    public async Task Refs_RepeatsWithinLimit_ListedInFull()
    {
        using var deadline = Deadline();
        var root = await PlantAsync(10, deadline.Token);

        using var response = await Http.PostAsync(new Uri(_server.Address, $"api/v0/refs?arg={root}&recursive=true"), null, deadline.Token);
        var lines = (await response.Content.ReadAsStringAsync(deadline.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2046, lines.Length);
    }

    [Theory]
    [InlineData(-1, 2036, true)]
    [InlineData(-1, 2035, false)]
    [InlineData(2, 4, true)] // depth 2: 2 + 4 refs of 2 distinct blocks
    [InlineData(2, 3, false)]
    [InlineData(0, 1, true)] // depth 0 lists nothing
    public async Task EnsureWithinAsync_AtAndPastLimit_RefusedOnlyPast(int maxDepth, long limit, bool allowed)
    {
        using var deadline = Deadline();
        var root = await PlantAsync(10, deadline.Token);

        var refusal = await Record.ExceptionAsync(() => RefsWalkBudget.EnsureWithinAsync(_temp.Store, [root], maxDepth, deadline.Token, limit));

        if (allowed)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.IsType<DagFormatException>(refusal);
        }
    }

    private static CancellationTokenSource Deadline()
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        return deadline;
    }

    /// <summary>A raw leaf, then <paramref name="levels"/> dag-pb nodes each linking the one below twice.</summary>
    private async Task<Cid> PlantAsync(int levels, CancellationToken ct)
    {
        var below = await _temp.Store.PutBlockAsync("x"u8.ToArray(), Multicodec.Raw, 1, ct);
        for (var level = 0; level < levels; level++)
        {
            var node = new DagPbNode([new DagPbLink(below, "a", 1), new DagPbLink(below, "b", 1)], new UnixFsData(UnixFsType.File, ReadOnlyMemory<byte>.Empty, null, []).Encode());
            below = await _temp.Store.PutBlockAsync(node.Encode(), Multicodec.DagPb, 1, ct);
        }

        return below;
    }
}
