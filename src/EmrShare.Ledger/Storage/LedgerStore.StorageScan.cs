namespace EmrShare.Ledger.Storage;

/// <summary>One non-zero contract storage word of the committed state.</summary>
public sealed record StorageEntry(string Address, byte[] Slot, byte[] Value);

/// <summary>Read-only enumeration of the committed contract storage (audits such as the no-PHI-on-chain scan).</summary>
public sealed partial class LedgerStore
{
    public IReadOnlyList<StorageEntry> ListStorage()
    {
        using var scope = _lock.EnterScope();
        using var cmd = Command(null, "SELECT address, slot, value FROM storage ORDER BY address, slot");
        using var reader = cmd.ExecuteReader();
        var entries = new List<StorageEntry>();
        while (reader.Read())
        {
            entries.Add(new StorageEntry(reader.GetString(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2)));
        }

        return entries;
    }
}
