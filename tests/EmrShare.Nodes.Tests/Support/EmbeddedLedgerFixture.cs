using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Chain;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>An in-memory embedded ledger reached through the in-process JSON-RPC client (no HTTP, no ports).</summary>
public sealed class EmbeddedLedgerFixture : IAsyncLifetime
{
    private EmbeddedLedger? _ledger;

    public ChainAccess Access { get; private set; } = null!;

    /// <summary>The ledger itself, for read-only audits (e.g. listing every storage slot).</summary>
    public EmbeddedLedger Ledger => _ledger ?? throw new InvalidOperationException("the fixture is not initialised");

    public static IReadOnlyList<string> Keys => LedgerOptions.DevPrivateKeys;

    public async ValueTask InitializeAsync()
    {
        _ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), cancellationToken: TestContext.Current.CancellationToken);
        Access = ChainAccess.ForClient(new InProcessRpcClient(new LedgerRpcHandler(_ledger)), 31337);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }
    }
}
