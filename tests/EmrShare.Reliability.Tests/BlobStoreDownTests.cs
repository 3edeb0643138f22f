using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EmrShare.Nodes;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Reliability.Tests.Support;
using EmrShare.Storage.Kubo;
using EmrShare.TestSupport;

namespace EmrShare.Reliability.Tests;

/// <summary>
/// A hospital whose external blob store (<c>--ipfs</c>) is down or hung: a create fails with a typed error within
/// a bounded time, anchors nothing on chain and leaves no record row.
/// </summary>
public sealed class BlobStoreDownTests
{
    [Fact]
    public async Task CreateRecord_StoreNotListening_ThrowsStorageUnavailableAtOnceAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new InProcessLedger();
        await ledger.InitializeAsync();
        var scenario = await CrashScenario.SetUpAsync(ledger.Access, InProcessLedger.Keys, folder.Path, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var dead = new Uri($"http://127.0.0.1:{FreePort.Next()}/"); // nothing listens: a store node that is down
        await using var hospital = await BlobStoreHospital.OpenAsync(scenario, ledger.Access, BlobStoreHospital.Remote(http, dead), ct);
        var head = ledger.Ledger.Head.Number;

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"connection refused took {clock.Elapsed}");
        Assert.IsType<BlobStoreUnreachableException>(error.InnerException);
        Assert.False(((BlobStoreUnreachableException)error.InnerException).TimedOut);
        Assert.Equal(head, ledger.Ledger.Head.Number);
        Assert.Empty(await hospital.Database.ListRecordsAsync(ct));
    }

    [Fact]
    public async Task CreateRecord_StoreAcceptsButNeverAnswers_TimesOutTypedAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new InProcessLedger();
        await ledger.InitializeAsync();
        var scenario = await CrashScenario.SetUpAsync(ledger.Access, InProcessLedger.Keys, folder.Path, ct);

        // A hung node: the TCP connection is accepted, the request is never answered.
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start();
        var accepted = new List<Socket>();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await hung.AcceptSocketAsync(ct));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // listener stopped
            }
        }, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)hung.LocalEndpoint).Port}/");
        await using var hospital = await BlobStoreHospital.OpenAsync(scenario, ledger.Access, BlobStoreHospital.Remote(http, url), ct);
        var head = ledger.Ledger.Head.Number;

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        var unreachable = Assert.IsType<BlobStoreUnreachableException>(error.InnerException);
        Assert.True(unreachable.TimedOut);
        Assert.Equal(head, ledger.Ledger.Head.Number);
        Assert.Empty(await hospital.Database.ListRecordsAsync(ct));

        hung.Stop();
        await acceptLoop;
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }
    }
}
