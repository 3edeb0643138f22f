using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Chain;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>An in-memory embedded ledger reached in process; the test also reads its blocks and receipts directly.</summary>
public sealed class InProcessLedger : IAsyncLifetime
{
    private EmbeddedLedger? _ledger;

    public EmbeddedLedger Ledger => _ledger ?? throw new InvalidOperationException("ledger not open");

    public ChainAccess Access { get; private set; } = null!;

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
