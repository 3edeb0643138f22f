using System.Security.Cryptography;
using EmrShare.Storage.CrashHost;
using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Embedded;

/// <summary>Runs alone (no parallel tests), so the managed heap it samples is its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeBlobCollection
{
    public const string Name = "large blob, alone";
}

[Collection(LargeBlobCollection.Name)]
public class LargeBlobTests
{
    private const long OneGiB = 1L << 30;
    private const long HeapLimit = 32L * 1024 * 1024;

    [Fact]
    public async Task PutOpenRead_OneGiB_StreamsWithBoundedMemory()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var temp = await TempStore.CreateAsync();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = SamplePeakHeapAsync(sampling.Token);

        var cid = await temp.Store.PutAsync(new GeneratedStream(OneGiB, 77), PutOptions.Default, ct);
        var readHash = await HashAsync(await temp.Store.OpenReadAsync(cid, ct), ct);

        await sampling.CancelAsync();
        var peak = await sampler;
        Assert.Equal(await HashAsync(new GeneratedStream(OneGiB, 77), ct), readHash);
        Assert.Equal(OneGiB, (await temp.Store.StatAsync(cid, ct)).Size);
        Assert.True(peak < HeapLimit, $"live managed heap peaked at {peak / (1024 * 1024)} MiB while streaming 1 GiB");
    }

    private static async Task<byte[]> HashAsync(Stream stream, CancellationToken ct)
    {
        await using (stream)
        {
            return await SHA256.HashDataAsync(stream, ct);
        }
    }

    private static async Task<long> SamplePeakHeapAsync(CancellationToken ct)
    {
        long peak = 0;
        while (!ct.IsCancellationRequested)
        {
            // A forced collection measures live objects only, not garbage awaiting collection.
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            try
            {
                await Task.Delay(200, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }
}
