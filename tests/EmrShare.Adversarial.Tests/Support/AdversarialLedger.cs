using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Chain;
using EmrShare.TestSupport;

namespace EmrShare.Adversarial.Tests.Support;

/// <summary>
/// One in-memory embedded ledger for the whole adversarial suite: actors reach it in process, the outsider and the
/// PHI scan read it like anyone on the network would, over JSON-RPC on a loopback port.
/// </summary>
public sealed class AdversarialLedger : IAsyncLifetime
{
    private EmbeddedLedger? _ledger;
    private LedgerHttpServer? _server;

    public ChainAccess Access { get; private set; } = null!;

    public Uri RpcUrl => _server?.Endpoint ?? throw new InvalidOperationException("ledger not started");

    public static IReadOnlyList<string> Keys => LedgerOptions.DevPrivateKeys;

    public const long ChainId = 31337;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), cancellationToken: ct);
        var handler = new LedgerRpcHandler(_ledger);
        Access = ChainAccess.ForClient(new InProcessRpcClient(handler), ChainId);
        _server = await LedgerHttpServer.StartAsync(handler, FreePort.Next(), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdversarialCollection : ICollectionFixture<AdversarialLedger>
{
    public const string Name = "adversarial ledger";
}
