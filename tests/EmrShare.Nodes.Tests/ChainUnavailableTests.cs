using EmrShare.Cli.Commands.Shared;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// The chain's JSON-RPC node goes away: chain calls fail with <see cref="ChainUnavailableException"/> (CLI exit 5),
/// a create leaves no record row and no pinned envelope, and the node works again once the chain is back.
/// </summary>
public sealed class ChainUnavailableTests
{
    [Fact]
    public async Task CreateRecord_LedgerHttpServerStopped_ThrowsChainUnavailableAndStoresNoRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), cancellationToken: ct);
        var handler = new LedgerRpcHandler(ledger);
        var port = FreePort.Next();
        var server = await LedgerHttpServer.StartAsync(handler, port, ct);
        await using var net = await NodeNetwork.StartAsync(ChainAccess.ForRpc(server.Endpoint, 31337), LedgerOptions.DevPrivateKeys, ct);
        var (visit, _) = await net.RecordAtAAsync(ct);
        var rowsBefore = (await net.A.Database.ListRecordsAsync(ct)).Count;
        var pinsBefore = await CountPinsAsync(net.A, ct);

        await server.DisposeAsync();
        var failed = await Assert.ThrowsAsync<ChainUnavailableException>(() => net.A.CreateRecordAsync(
            visit.LocalPatientId, SampleRecords.HbA1cBundle(6.9m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct));
        var readFailed = await Assert.ThrowsAsync<ChainUnavailableException>(() => net.Patient.GetAccessLogAsync(ct));

        Assert.Contains(server.Endpoint.ToString(), failed.Message, StringComparison.Ordinal);
        Assert.Equal(rowsBefore, (await net.A.Database.ListRecordsAsync(ct)).Count);
        Assert.Equal(pinsBefore, await CountPinsAsync(net.A, ct));
        Assert.Equal(ExitCodes.Unreachable, CliErrors.Describe(failed).Code);
        Assert.Equal(ExitCodes.Unreachable, CliErrors.Describe(readFailed).Code);

        // The same chain back on the same port: the node carries on without a restart.
        await using var again = await LedgerHttpServer.StartAsync(handler, port, ct);
        var created = await net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(6.9m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        Assert.Equal(1u, created.Version);
        Assert.Equal(rowsBefore + 1, (await net.A.Database.ListRecordsAsync(ct)).Count);
    }

    [Fact]
    public async Task ChainCall_ClosedLoopbackPort_ThrowsChainUnavailable()
    {
        var ct = TestContext.Current.CancellationToken;
        var access = ChainAccess.ForRpc(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), 31337);
        var chain = access.Bind(LedgerOptions.DevPrivateKeys[0], new EmrShare.Chain.EmrShareAddresses(
            "0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002",
            "0x0000000000000000000000000000000000000003", "0x0000000000000000000000000000000000000004"));

        var failed = await Assert.ThrowsAsync<ChainUnavailableException>(() => chain.Registry.IsPatientPseudonymAsync("0x0000000000000000000000000000000000000005", ct));

        Assert.IsAssignableFrom<NodeException>(failed);
        Assert.StartsWith("cannot reach the JSON-RPC node at", CliErrors.Describe(failed).Message, StringComparison.Ordinal);
    }

    private static async Task<int> CountPinsAsync(Hospital.HospitalService hospital, CancellationToken ct)
    {
        var count = 0;
        await foreach (var _ in hospital.Store.ListPinsAsync(ct))
        {
            count++;
        }

        return count;
    }
}
