using EmrShare.Nodes;
using EmrShare.Nodes.Hospital;
using EmrShare.Reliability.Tests.Support;
using EmrShare.Storage.Kubo;

namespace EmrShare.Reliability.Tests;

/// <summary>
/// kill -9 of a hospital's external blob store (an <c>emrshare store serve</c> child process) in the middle of parallel
/// creates (and shares), then restart on the same folder and port: calls fail typed and bounded while it is down, no
/// acknowledged record, copy or grant is lost and no half-written record is visible. Each runs well under a minute.
/// </summary>
public sealed class BlobStoreFaultTests
{
    private const int Workers = 4;

    [Fact]
    public async Task KillDashNine_BlobStoreDuringParallelCreates_TypedFailuresAndAcknowledgedRecordsSurviveRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new InProcessLedger();
        await ledger.InitializeAsync();
        var scenario = await CrashScenario.SetUpAsync(ledger.Access, InProcessLedger.Keys, folder.Path, ct);
        await using var store = new BlobStoreNode(folder.Sub("store"));
        await store.StartAsync(ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var hospital = await BlobStoreHospital.OpenAsync(scenario, ledger.Access, BlobStoreHospital.Remote(http, store.Url), ct);

        await using var load = new BlobStoreCreateLoad(hospital, scenario.LocalPatientId, scenario.Keys.PractitionerAddresses[0], Workers);
        await load.WaitForAcksAsync(8, ct);
        await store.KillAsync();
        var beforeKill = load.Acks.Count;
        await load.WaitForFailuresAsync(Workers * 2, ct);

        // Reading an acknowledged record while its store is down is a typed error too, not a transport exception.
        var readError = await Record.ExceptionAsync(() => hospital.ReadRecordAsync(load.Acks.First().RecordId, ct));
        Assert.IsType<BlobStoreUnreachableException>(readError);

        await store.StartAsync(ct);
        await load.WaitForAcksAsync(load.Acks.Count + Workers, ct);
        await load.StopAsync();

        var failures = load.Failures.ToList();
        AssertTypedAndBounded(failures, nameof(StorageUnavailableException));
        var orphans = await AssertStoreHoldsEverythingAcknowledgedAsync(hospital, scenario.Reader(ledger.Access), [.. load.Acks], ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{load.Acks.Count} acknowledged ({beforeKill} before the kill), {failures.Count} creates failed while down, slowest failure {failures.Max(f => f.Elapsed)}, {orphans} orphan blob(s)");
    }

    [Fact]
    public async Task KillDashNine_BlobStoreDuringCreatesAndShares_NoCopyOrGrantLostAndInterruptedSharesComplete()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new InProcessLedger();
        await ledger.InitializeAsync();
        await using var store = new BlobStoreNode(folder.Sub("store"));
        await store.StartAsync(ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var network = await BlobStoreShareNetwork.StartAsync(ledger.Access, InProcessLedger.Keys, folder.Path, http, store.Url, ct);

        await using var creates = new BlobStoreCreateLoad(network.A, network.VisitAtA.LocalPatientId, network.A.Keys.PractitionerAddresses[0], Workers);
        await using var shares = new BlobStoreShareLoop(network, creates);
        await WaitUntilAsync(() => shares.Copies.Count >= 3 && creates.Acks.Count >= 8, "3 copies and 8 creates", ct);
        await store.KillAsync();
        await creates.WaitForFailuresAsync(Workers * 2, ct);
        await WaitUntilAsync(() => shares.Failures.Any(f => f.Step == "collect"), "a share cut by the outage", ct);

        await store.StartAsync(ct);
        var copiesAtRestart = shares.Copies.Count;
        await creates.WaitForAcksAsync(creates.Acks.Count + Workers, ct);
        await WaitUntilAsync(() => shares.Copies.Count > copiesAtRestart, "a share after the restart", ct);
        await shares.StopAsync();
        await creates.StopAsync();

        AssertTypedAndBounded([.. creates.Failures], nameof(StorageUnavailableException));
        Assert.All(shares.Failures, f => Assert.Equal("collect", f.Step)); // grants and requests never needed the store
        AssertTypedAndBounded([.. shares.Failures], nameof(BlobStoreUnreachableException));

        // A share cut by the outage completes under the same grant and on-chain request: the answer A staged is still
        // there, and the envelope is back in the store.
        var copies = shares.Copies.ToList();
        foreach (var pending in shares.Interrupted)
        {
            copies.Add(await network.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(10), ct));
        }

        foreach (var (grantId, _) in shares.Grants)
        {
            Assert.NotNull(await network.B.Database.FindGrantAsync(grantId.ToString(), ct));
        }

        Assert.Equal(shares.Grants.Count, copies.Count);
        foreach (var copy in copies)
        {
            var read = await network.B.ReadRecordAsync(copy.RecordId, ct);
            Assert.Equal(creates.Contents[copy.RecordId], read.Content);
        }

        var orphans = await AssertStoreHoldsEverythingAcknowledgedAsync(network.A, network.Reader, [.. creates.Acks], ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{creates.Acks.Count} creates, {shares.Grants.Count} grants, {shares.Copies.Count} copies + {shares.Interrupted.Count} completed after restart; " +
            $"failures while down: {creates.Failures.Count} creates, {shares.Failures.Count} collects; {orphans} orphan blob(s)");
    }

    /// <summary>Every failure while the store was down has the expected type (no transport exception leaks) and came quickly.</summary>
    private static void AssertTypedAndBounded(IReadOnlyList<LoadFailure> failures, string expectedType)
    {
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Equal(expectedType, f.Type));
        Assert.All(failures, f => Assert.True(f.Elapsed < TimeSpan.FromSeconds(12), $"a failed {f.Step} took {f.Elapsed}"));
    }

    /// <summary>
    /// Row, blob (readable and pinned in the restarted store) and anchor for every acknowledged create, no row without
    /// them, and nothing else recorded. Returns the unreferenced blobs (a put committed just before the kill).
    /// </summary>
    private static async Task<int> AssertStoreHoldsEverythingAcknowledgedAsync(HospitalService hospital, Chain.IEmrShareChain chain, IReadOnlyList<Ack> acks, CancellationToken ct)
    {
        var orphans = await CrashScenario.AssertNothingLostNoHalfStateAsync(hospital, chain, acks, ct);
        var pins = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var pin in hospital.Store.ListPinsAsync(ct))
        {
            pins.Add(pin.ToString());
        }

        var rows = await hospital.Database.ListRecordsAsync(ct);
        Assert.All(rows, row => Assert.Contains(row.Cid, pins));
        Assert.Equal(acks.Count, rows.Count);
        Assert.InRange(orphans, 0, Workers);
        return orphans;
    }

    private static async Task WaitUntilAsync(Func<bool> done, string what, CancellationToken ct)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, $"no {what} within 30 s");
            await Task.Delay(50, ct);
        }
    }
}
