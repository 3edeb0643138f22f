using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.TestSupport;

namespace EmrShare.Ledger.Tests.TestKit;

/// <summary>The embedded ledger behind its HTTP JSON-RPC server, as an <see cref="IChainEndpoint"/> (same shape as Hardhat's).</summary>
public sealed class EmbeddedLedgerEndpoint : IChainEndpoint
{
    private readonly EmbeddedLedger _ledger;
    private readonly LedgerHttpServer _server;

    private EmbeddedLedgerEndpoint(EmbeddedLedger ledger, LedgerHttpServer server)
    {
        _ledger = ledger;
        _server = server;
    }

    public Uri RpcUrl => _server.Endpoint;

    public long ChainId => (long)_ledger.Options.ChainId;

    public IReadOnlyList<string> FundedPrivateKeys => LedgerOptions.DevPrivateKeys;

    public EmbeddedLedger Ledger => _ledger;

    public static async Task<EmbeddedLedgerEndpoint> StartAsync(LedgerOptions? options, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var ledger = await EmbeddedLedger.OpenAsync(options ?? LedgerOptions.Development(), time, cancellationToken);
        try
        {
            var server = await LedgerHttpServer.StartAsync(new LedgerRpcHandler(ledger), FreePort.Next(), cancellationToken);
            return new EmbeddedLedgerEndpoint(ledger, server);
        }
        catch
        {
            await ledger.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _ledger.DisposeAsync();
    }
}

/// <summary>Class fixture running a contract suite against a fresh in-memory embedded ledger over HTTP.</summary>
public sealed class EmbeddedLedgerFixture : ChainEndpointFixture
{
    protected override async Task<IChainEndpoint> StartAsync(CancellationToken cancellationToken) =>
        await EmbeddedLedgerEndpoint.StartAsync(null, cancellationToken);
}
