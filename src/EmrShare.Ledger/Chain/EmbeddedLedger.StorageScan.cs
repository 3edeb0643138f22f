using EmrShare.Ledger.Storage;

namespace EmrShare.Ledger.Chain;

/// <summary>Read-only view of every contract storage slot as of the head block (there is no RPC method that lists slots).</summary>
public sealed partial class EmbeddedLedger
{
    /// <summary>Every non-zero storage word of every account at the head, ordered by address and slot.</summary>
    public IReadOnlyList<StorageEntry> ListStorage() => Visible(_store.ListStorage);
}
