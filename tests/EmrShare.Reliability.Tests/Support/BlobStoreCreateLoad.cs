using System.Collections.Concurrent;
using System.Diagnostics;
using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>A failed step of a load loop: which step, the exception type and how long the call took to fail.</summary>
internal sealed record LoadFailure(string Step, string Type, TimeSpan Elapsed);

/// <summary>
/// Parallel loops creating version-1 records at one hospital until stopped. A create that returned is acknowledged
/// (with the plaintext it stored); a failure is recorded by type and duration, and the loop goes on.
/// </summary>
internal sealed class BlobStoreCreateLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;

    public BlobStoreCreateLoad(HospitalService hospital, string localPatientId, ChainAddress practitioner, int workers)
    {
        _workers = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var content = SampleRecords.HbA1cBundle(5 + w + (n / 100m));
                var clock = Stopwatch.StartNew();
                try
                {
                    // CancellationToken.None: a create is only ever cut short by the fault under test.
                    var created = await hospital.CreateRecordAsync(localPatientId, content, "application/fhir+json", practitioner, CancellationToken.None);
                    Contents[created.RecordId] = content;
                    Acks.Enqueue(new Ack(created.RecordId, created.Version, created.Cid, created.Commitment));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Failures.Add(new LoadFailure("create", ex.GetType().Name, clock.Elapsed));
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        })).ToList();
    }

    /// <summary>Acknowledged creates in the order they returned.</summary>
    public ConcurrentQueue<Ack> Acks { get; } = new();

    public ConcurrentDictionary<RecordId, byte[]> Contents { get; } = new();

    public ConcurrentBag<LoadFailure> Failures { get; } = [];

    public Task WaitForAcksAsync(int count, CancellationToken ct) => WaitAsync(() => Acks.Count >= count, $"{count} acknowledged creates", ct);

    public Task WaitForFailuresAsync(int count, CancellationToken ct) => WaitAsync(() => Failures.Count >= count, $"{count} failed creates", ct);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    /// <summary>Also on a failed assertion: no worker may outlive the hospital it uses.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Every create is bounded (refused connections fail at once, a hung store at the HTTP timeout), so 30 s without progress is a hang.</summary>
    private async Task WaitAsync(Func<bool> done, string what, CancellationToken ct)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, $"no {what} within 30 s ({Acks.Count} acknowledged, failures: {string.Join(", ", Failures.Select(f => f.Type).Distinct())})");
            Assert.DoesNotContain(_workers, t => t.IsFaulted);
            await Task.Delay(50, ct);
        }
    }
}
