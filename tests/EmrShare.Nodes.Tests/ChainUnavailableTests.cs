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

    [Fact]
    public async Task ForRpc_SharedHttpClient_KeyBoundAfterAFirstSendStillConnects()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var access = ChainAccess.ForRpc(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), 31337, http);
        var addresses = new EmrShare.Chain.EmrShareAddresses(
            "0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002",
            "0x0000000000000000000000000000000000000003", "0x0000000000000000000000000000000000000004");
        await Assert.ThrowsAsync<ChainUnavailableException>(() => access.Bind(LedgerOptions.DevPrivateKeys[0], addresses).Registry.IsPatientPseudonymAsync("0x0000000000000000000000000000000000000005", ct));

        // A running hospital binds a practitioner's key later (break-glass): it must reach the same node, not throw
        // because the shared HttpClient has already sent a request.
        var second = access.Bind(LedgerOptions.DevPrivateKeys[1], addresses);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => second.Registry.IsPatientPseudonymAsync("0x0000000000000000000000000000000000000005", ct));
    }

    [Theory]
    [InlineData("close")]
    [InlineData("half-answer")]
    [InlineData("http-503")]
    public async Task ChainCall_NodeCutsOffOrFailsTheReply_ThrowsChainUnavailable(string behaviour)
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var node = Task.Run(() => MisbehaveAsync(listener, behaviour, stop.Token), ct);
        var chain = ChainAccess.ForRpc(new Uri($"http://127.0.0.1:{port}/"), 31337).Bind(LedgerOptions.DevPrivateKeys[0], new EmrShare.Chain.EmrShareAddresses(
            "0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002",
            "0x0000000000000000000000000000000000000003", "0x0000000000000000000000000000000000000004"));

        var failed = await Assert.ThrowsAsync<ChainUnavailableException>(() => chain.Registry.IsPatientPseudonymAsync("0x0000000000000000000000000000000000000005", ct));

        Assert.Equal(ExitCodes.Unreachable, CliErrors.Describe(failed).Code);
        await stop.CancelAsync();
        listener.Stop();
        await node.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>A JSON-RPC "node" that reads each request, then drops the connection, sends half an answer, or a 503.</summary>
    private static async Task MisbehaveAsync(System.Net.Sockets.TcpListener listener, string behaviour, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(ct);
            var stream = client.GetStream();
            var buffer = new byte[8192];
            _ = await stream.ReadAsync(buffer, ct);
            var reply = behaviour switch
            {
                "half-answer" => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":",
                "http-503" => "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                _ => "",
            };
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(reply), ct);
            client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        }
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
