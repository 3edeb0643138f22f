using System.Collections.Concurrent;
using System.Diagnostics;
using EmrShare.Core;
using EmrShare.Nodes.Hospital;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// One loop sharing A's acknowledged records with B until stopped: the patient grants B (record-scoped), B sends
/// <c>requestAccess</c>, A's watcher fulfils, B collects and fetches the envelope from A's store. Grants and
/// requests that returned are kept; a request whose collection failed is kept too, to be completed after the fault.
/// </summary>
internal sealed class BlobStoreShareLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public BlobStoreShareLoop(BlobStoreShareNetwork network, BlobStoreCreateLoad creates)
    {
        _loop = Task.Run(async () =>
        {
            var shared = new HashSet<RecordId>();
            while (!_stop.IsCancellationRequested)
            {
                var next = creates.Acks.FirstOrDefault(a => !shared.Contains(a.RecordId));
                if (next is null)
                {
                    await Task.Delay(50, CancellationToken.None);
                    continue;
                }

                shared.Add(next.RecordId);
                await ShareAsync(network, next.RecordId);
            }
        });
    }

    public ConcurrentBag<(Hash32 GrantId, RecordId RecordId)> Grants { get; } = [];

    public ConcurrentBag<RecordReceived> Copies { get; } = [];

    /// <summary>Requests sent on chain whose copy could not be collected (the store was down).</summary>
    public ConcurrentBag<PendingRequest> Interrupted { get; } = [];

    public ConcurrentBag<LoadFailure> Failures { get; } = [];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task ShareAsync(BlobStoreShareNetwork network, RecordId recordId)
    {
        var step = "grant";
        var clock = Stopwatch.StartNew();
        PendingRequest? pending = null;
        try
        {
            var grant = await network.Patient.GrantAsync(network.VisitAtB, network.A.Address, [recordId], DateTimeOffset.UtcNow.AddDays(7), CancellationToken.None);
            Grants.Add((grant.GrantId, recordId));
            step = "request";
            pending = await network.B.SubmitRequestAsync(grant.GrantId, recordId, CancellationToken.None);
            step = "collect";
            clock.Restart();
            Copies.Add(await network.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(4), CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Failures.Add(new LoadFailure(step, ex.GetType().Name, clock.Elapsed));
            if (pending is not null)
            {
                Interrupted.Add(pending);
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
