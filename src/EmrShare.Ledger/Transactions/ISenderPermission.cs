using EmrShare.Ledger.Chain;

namespace EmrShare.Ledger.Transactions;

/// <summary>
/// Who may send transactions to this chain (account permissioning, as Besu's): the host that runs the ledger
/// supplies it, so the ledger itself knows nothing of the contracts that decide membership. The sealer may always
/// send. Checked before a transaction enters the pool; a refusal is JSON-RPC error -32007.
/// </summary>
public interface ISenderPermission
{
    /// <summary>May <paramref name="sender"/> (lower-case 0x address) send? It may read the chain through <paramref name="ledger"/>.</summary>
    ValueTask<bool> MaySendAsync(EmbeddedLedger ledger, string sender, CancellationToken cancellationToken);
}
