using System.Globalization;
using EmrShare.Ledger;
using EmrShare.Nodes;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Transport;
using EmrShare.Reliability.Tests.Support;
using EmrShare.Storage.Kubo;
using EmrShare.TestSupport;

namespace EmrShare.Reliability.Tests;

/// <summary>
/// kill -9 of the ledger and of the custodian hospital in the middle of parallel shares (grant → request → chain-driven
/// fulfilment → collect), then restart: no acknowledged grant, receipt or grantee copy is lost, every on-chain request is
/// fulfilled exactly once, and no half state is visible. Each test runs well under a minute.
/// </summary>
public sealed class ShareFaultTests
{
    private const int Patients = 4;
    private const int RecordsEach = 25; // enough that the loops are still sharing when the kill lands, however fast the machine
    private const int CopiesBeforeKill = 12;

    // Failures a share may end in while a node is down: typed, never a raw transport error or a hang.
    private static readonly string[] TypedFailures =
    [
        nameof(ChainUnavailableException), nameof(FulfilmentTimeoutException), nameof(StorageUnavailableException), nameof(BlobStoreUnreachableException),
    ];

    [Fact]
    public async Task KillDashNine_LedgerDuringParallelShares_NoGrantReceiptOrCopyLostAndEveryRequestFulfilledOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new LedgerNode(folder.Sub("ledger"));
        await ledger.StartAsync(ct);
        await using var scenario = await ShareScenario.SetUpAsync(ledger.Access, LedgerOptions.DevPrivateKeys, folder.Path, Patients, RecordsEach, TimeSpan.FromSeconds(4), ct);
        await using var a = await scenario.OpenAInProcessAsync(ct);

        var load = new ShareLoad(scenario);
        load.Start();
        Assert.True(await ShareLoad.WaitForAsync(load.ReadyToKill(CopiesBeforeKill), TimeSpan.FromSeconds(40), ct), "load too slow: " + load.Summary());
        var failuresBefore = load.Failures.Count;
        await ledger.KillAsync();
        await ShareLoad.WaitForAsync(() => load.Failures.Count >= failuresBefore + Patients, TimeSpan.FromSeconds(8), ct);
        await load.StopAsync(TimeSpan.FromSeconds(15));
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine("ledger kill -9: " + load.Summary());
        AssertTypedFailures(load);
        Assert.True(load.Failures.Count > failuresBefore, "the kill did not hit the load");

        // Same chain data, same port. A and B keep running: A's watcher retries from its cursor, B's sends reset their nonce.
        await ledger.StartAsync(ct);
        var checks = new ShareChecks(scenario, load);
        var collected = await checks.CollectEveryOnChainRequestAsync(ct);
        await checks.AssertGrantsAndReceiptsAsync(ct);
        await checks.AssertGranteeCopiesAsync(ct);
        await checks.AssertFulfilledOnceAsync(a, ct);
        output?.WriteLine($"after restart: {collected} on-chain request(s) all fulfilled once and collected");

        await AssertFreshShareWorksAsync(scenario, ct);
    }

    [Fact]
    public async Task KillDashNine_CustodianDuringParallelShares_RequestsFulfilledAfterRestartExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new LedgerNode(folder.Sub("ledger"));
        await ledger.StartAsync(ct);
        await using var scenario = await ShareScenario.SetUpAsync(ledger.Access, LedgerOptions.DevPrivateKeys, folder.Path, Patients, RecordsEach, TimeSpan.FromSeconds(4), ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var load = new ShareLoad(scenario);
        await using (var custodian = await StartCustodianAsync(scenario, ledger, http, ct))
        {
            load.Start();
            Assert.True(await ShareLoad.WaitForAsync(load.ReadyToKill(CopiesBeforeKill), TimeSpan.FromSeconds(40), ct), "load too slow: " + load.Summary() + "\n" + custodian.RecentOutput);
            custodian.Kill();
        }

        var failuresAtKill = load.Failures.Count;
        var requestsAtKill = load.Requests.Count;

        // With A gone, grants and requests still go through (chain and B are up); collecting ends typed at B's timeout.
        await ShareLoad.WaitForAsync(() => load.Failures.Count >= failuresAtKill + Patients && load.Requests.Count > requestsAtKill, TimeSpan.FromSeconds(15), ct);
        await load.StopAsync(TimeSpan.FromSeconds(15));
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine("custodian kill -9: " + load.Summary());
        AssertTypedFailures(load);
        Assert.Contains(nameof(FulfilmentTimeoutException), load.Failures);
        Assert.True(load.Requests.Count > requestsAtKill, "no request was acknowledged on chain while A was down");

        // Restart A on the same folder (fresh ports): its watcher resumes from the saved cursor.
        await using (var restarted = await StartCustodianAsync(scenario, ledger, http, ct))
        {
            var checks = new ShareChecks(scenario, load);
            var collected = await checks.CollectEveryOnChainRequestAsync(ct);
            await checks.AssertGrantsAndReceiptsAsync(ct);
            await checks.AssertGranteeCopiesAsync(ct);
            await checks.AssertFulfilledOnceAsync(null, ct);
            output?.WriteLine($"after restart: {collected} on-chain request(s) all fulfilled once and collected");
            await AssertFreshShareWorksAsync(scenario, ct);
        }

        // A's database, read once its process is gone: every request it claimed is final and agrees with the chain.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var a = await HospitalService.OpenAsync(new HospitalOptions("A", scenario.AFolder, scenario.AKeys, scenario.Access, scenario.Addresses, new HospitalDirectory()) { WatchAccessRequests = false }, ct);
        await new ShareChecks(scenario, load).AssertFulfilledOnceAsync(a, ct);
    }

    [Fact]
    public async Task ChainOutage_BetweenCustodianReadingRequestAndCheckingIt_RequestFulfilledAfterOutageNotRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new LedgerNode(folder.Sub("ledger"));
        await ledger.StartAsync(ct);
        await using var scenario = await ShareScenario.SetUpAsync(ledger.Access, LedgerOptions.DevPrivateKeys, folder.Path, 1, 1, TimeSpan.FromSeconds(3), ct);
        await using var proxy = new FlakyRpcProxy(ledger.RpcUrl);
        await using var a = await scenario.OpenAInProcessAsync(ct, ChainAccess.ForRpc(proxy.Url, 31337));

        // A still sees new blocks and logs, but its contract reads fail: the watcher reads the AccessRequested event
        // and then cannot check the request — a transient outage, not a reason to refuse.
        proxy.Dropped["eth_call"] = true;
        var patient = scenario.Patients[0];
        var record = patient.Records[0];
        var grant = await patient.Wallet.GrantAsync(patient.VisitAtB, scenario.AAddress, [record.RecordId], DateTimeOffset.UtcNow.AddDays(7), ct);
        var pending = await scenario.B.SubmitRequestAsync(grant.GrantId, record.RecordId, ct);
        await Assert.ThrowsAsync<FulfilmentTimeoutException>(() => scenario.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(3), ct));
        Assert.True(proxy.DroppedCalls > 0, "the outage did not hit the custodian's checks");

        proxy.Dropped.Clear();
        var received = await scenario.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(20), ct);
        Assert.Equal(record.Content, (await scenario.B.ReadRecordAsync(received.RecordId, ct)).Content);
        Assert.True((await scenario.Reader.AccessControl.GetRequestAsync(pending.RequestId.ToBytes32(), ct)).Fulfilled);
        Assert.Equal("fulfilled", (await a.Database.FindFulfilmentAsync(pending.RequestId.ToString(), ct))?.Status);
    }

    /// <summary>Every failure while a node was down is one of the typed unavailability/timeout errors.</summary>
    private static void AssertTypedFailures(ShareLoad load)
    {
        var unexpected = load.FailureDetails.Where(d => !TypedFailures.Contains(d[..d.IndexOf(':', StringComparison.Ordinal)])).ToList();
        Assert.True(unexpected.Count == 0, "failures other than typed unavailability:\n" + string.Join('\n', unexpected));
    }

    /// <summary>A as a child process (endpoint + blob store over loopback HTTP); B's directory is pointed at it.</summary>
    private static async Task<ManagedProcess> StartCustodianAsync(ShareScenario scenario, LedgerNode ledger, HttpClient http, CancellationToken ct)
    {
        int endpointPort = FreePort.Next(), storePort = FreePort.Next();
        var process = ManagedProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "emrshare-hospital-host.dll"), "--serve", string.Create(CultureInfo.InvariantCulture, $"{endpointPort},{storePort}"), "--name", "A",
            "--rpc", ledger.RpcUrl.ToString(), "--data", scenario.AFolder, "--account", scenario.AKeyArguments[0], "--encryption", scenario.AKeyArguments[1],
            "--practitioner", scenario.AKeyArguments[2], "--addresses", scenario.AddressArgument,
        ]);
        try
        {
            await process.WaitUntilAsync(_ => Task.FromResult(process.Output.Contains("ready")), TimeSpan.FromSeconds(30), ct);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        var store = new KuboBlobStore(new KuboRpcClient(http, new Uri($"http://127.0.0.1:{storePort}/")));
        scenario.Directory.Add(new HospitalContact(scenario.AAddress, new HttpHospitalEndpoint(http, new Uri($"http://127.0.0.1:{endpointPort}/")), store));
        return process;
    }

    /// <summary>After the restart a new share goes all the way: a new grant, a new request, a new fulfilment collected.</summary>
    private static async Task AssertFreshShareWorksAsync(ShareScenario scenario, CancellationToken ct)
    {
        var patient = scenario.Patients[0];
        var record = patient.Records[^1];
        var grant = await patient.Wallet.GrantAsync(patient.VisitAtB, scenario.AAddress, [record.RecordId], DateTimeOffset.UtcNow.AddDays(7), ct);
        var pending = await scenario.B.SubmitRequestAsync(grant.GrantId, record.RecordId, ct);
        var received = await scenario.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(20), ct);
        Assert.NotEmpty(received.FulfilmentTransaction);
        Assert.Equal(record.Content, (await scenario.B.ReadRecordAsync(record.RecordId, ct)).Content);
    }
}
