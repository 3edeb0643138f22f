using System.Collections.Concurrent;
using EmrShare.Core;
using EmrShare.Nodes.Hospital;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>A grant whose submission returned: the chain accepted it and the grantee holds it.</summary>
internal sealed record GrantAck(Hash32 GrantId, Hash32 Scope, ChainAddress Patient, string TransactionHash, long GasUsed);

/// <summary>A grantee copy whose request returned: verified and stored at B.</summary>
internal sealed record CopyAck(RecordId RecordId, uint Version, string Cid, Hash32 RequestId, string FulfilmentTransaction);

/// <summary>
/// Parallel share loops, one per patient, over that patient's records: grant (patient → B, on chain) → B's
/// <c>requestAccess</c> → A's watcher fulfils → B collects, verifies, stores. Every step that returned is recorded
/// as acknowledged; every failure is recorded by exception type and the loop goes on with the next record.
/// </summary>
internal sealed class ShareLoad
{
    private readonly ShareScenario _scenario;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public ShareLoad(ShareScenario scenario)
    {
        _scenario = scenario;
    }

    public ConcurrentBag<GrantAck> Grants { get; } = [];

    public ConcurrentBag<PendingRequest> Requests { get; } = [];

    public ConcurrentBag<CopyAck> Copies { get; } = [];

    /// <summary>Exception type names, in the order they happened (across loops).</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>"Type: message" of each failure, for the assertion message when one is not of an expected type.</summary>
    public ConcurrentQueue<string> FailureDetails { get; } = new();

    public void Start()
    {
        foreach (var patient in _scenario.Patients)
        {
            _loops.Add(Task.Run(() => RunAsync(patient), CancellationToken.None));
        }
    }

    /// <summary>
    /// When to kill: enough acknowledged copies, and at least one request on chain that is not collected yet — so the
    /// fault lands while the custodian is fulfilling, not between shares.
    /// </summary>
    public Func<bool> ReadyToKill(int copies) => () => Copies.Count >= copies && Requests.Count - Copies.Count - Failures.Count >= 1;

    /// <summary>Waits until <paramref name="done"/> holds or <paramref name="timeout"/> passes; true if it holds.</summary>
    public static async Task<bool> WaitForAsync(Func<bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < until)
        {
            await Task.Delay(10, ct); // a request is in flight for only tens of milliseconds on a quiet machine
        }

        return done();
    }

    /// <summary>
    /// Stops the loops after their current step. Every step is bounded (chain calls fail fast, fulfilment waits end
    /// at the grantee's timeout), so a loop that is still running after <paramref name="limit"/> is a hang.
    /// </summary>
    public async Task StopAsync(TimeSpan limit)
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"share loops still running {limit.TotalSeconds:0} s after stop: a step hangs instead of failing typed");
        }
    }

    public string Summary() =>
        $"{Grants.Count} grants, {Requests.Count} requests, {Copies.Count} copies acknowledged; failures: " +
        string.Join(", ", Failures.GroupBy(f => f).Select(g => $"{g.Key}×{g.Count()}"));

    private async Task RunAsync(SharePatient patient)
    {
        foreach (var record in patient.Records)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                // CancellationToken.None: a step is never cut short by the test, only by the fault under test.
                var grant = await patient.Wallet.GrantAsync(patient.VisitAtB, _scenario.AAddress, [record.RecordId], DateTimeOffset.UtcNow.AddDays(7), CancellationToken.None);
                Grants.Add(new GrantAck(grant.GrantId, grant.Scope, patient.PseudonymAtA, grant.TransactionHash, grant.GasUsed));
                var pending = await _scenario.B.SubmitRequestAsync(grant.GrantId, record.RecordId, CancellationToken.None);
                Requests.Add(pending);
                var received = await _scenario.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(4), CancellationToken.None);
                Copies.Add(new CopyAck(received.RecordId, received.Version, received.Cid, pending.RequestId, received.FulfilmentTransaction));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Failures.Enqueue(ex.GetType().Name);
                FailureDetails.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }
}
