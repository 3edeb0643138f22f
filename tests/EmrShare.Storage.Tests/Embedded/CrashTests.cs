using EmrShare.Storage.CrashHost;
using EmrShare.Storage.Embedded;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Storage.Tests.Embedded;

public class CrashTests
{
    private const long LargeBytes = 256L * 1024 * 1024;
    private const ulong Seed = 4242;

    [Fact]
    public async Task Put_KilledMidway_ReopensConsistentWithNoHalfBlob()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var temp = await TempStore.CreateAsync();
        temp.Store.Dispose(); // the child process owns the database until it is killed
        var host = Path.Combine(AppContext.BaseDirectory, "EmrShare.Storage.CrashHost.dll");

        await using (var child = ManagedProcess.Start("dotnet", [host, temp.DatabasePath, LargeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            // Wait until the large put has streamed ~64 MB (several committed batches), then SIGKILL.
            await child.WaitUntilAsync(_ => Task.FromResult(ReadSoFar(child.RecentOutput) >= 64L * 1024 * 1024), TimeSpan.FromSeconds(60), ct);
            child.Kill();
            Assert.DoesNotContain("done ", child.RecentOutput, StringComparison.Ordinal);
        }

        Assert.Equal("ok", SqliteInspector.IntegrityCheck(temp.DatabasePath));
        Assert.True(SqliteInspector.Count(temp.DatabasePath, "blocks") > 100, "the killed put should have left committed blocks behind");
        using var store = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(temp.DatabasePath), null, ct);

        // What the interrupted put would have produced, recomputed from the same deterministic content.
        var wouldBe = await UnixFsImporter.ImportAsync(new GeneratedStream(LargeBytes, Seed), 1, NullBlockSink.Instance, null, ct);
        var survivor = await UnixFsImporter.ImportAsync(new GeneratedStream(1_000_000, Seed + 1), 1, NullBlockSink.Instance, null, ct);
        Assert.False(await store.HasAsync(wouldBe.Root, ct));
        var pins = new List<Cid>();
        await foreach (var pin in store.ListPinsAsync(ct))
        {
            pins.Add(pin);
        }

        Assert.Equal([survivor.Root], pins);

        // The orphaned blocks are garbage: collection leaves exactly the survivor's DAG, which still reads back.
        await store.CollectGarbageAsync(ct);
        Assert.Equal(survivor.BlockCount, SqliteInspector.Count(temp.DatabasePath, "blocks"));
        var stream = await store.OpenReadAsync(survivor.Root, ct);
        using var actual = new MemoryStream();
        await stream.CopyToAsync(actual, ct);
        using var expected = new MemoryStream();
        await new GeneratedStream(1_000_000, Seed + 1).CopyToAsync(expected, ct);
        Assert.Equal(expected.ToArray(), actual.ToArray());

        // And the store keeps working.
        var again = await store.PutAsync(new GeneratedStream(3_000_000, Seed), PutOptions.Default, ct);
        Assert.Equal(3_000_000, (await store.StatAsync(again, ct)).Size);
    }

    private static long ReadSoFar(string output) =>
        output.Split('\n').Where(l => l.StartsWith("read ", StringComparison.Ordinal))
            .Select(l => long.Parse(l[5..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();
}
