using System.Text.Json;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Transactions;

namespace EmrShare.Ledger.Storage;

/// <summary>Point lookups and log scans over committed blocks.</summary>
public sealed partial class LedgerStore
{
    public LedgerBlock? GetHead() => ReadJson<LedgerBlock>("SELECT json FROM blocks ORDER BY number DESC LIMIT 1", null);

    public LedgerBlock? GetBlock(long number) => ReadJson<LedgerBlock>("SELECT json FROM blocks WHERE number = $p", number);

    public LedgerBlock? GetBlock(byte[] hash) => ReadJson<LedgerBlock>("SELECT json FROM blocks WHERE hash = $p", hash);

    public LedgerTransaction? GetTransaction(byte[] hash) => ReadJson<LedgerTransaction>("SELECT json FROM txs WHERE hash = $p", hash);

    public LedgerReceipt? GetReceipt(byte[] hash) => ReadJson<LedgerReceipt>("SELECT json FROM receipts WHERE tx_hash = $p", hash);

    public IReadOnlyList<LedgerReceipt> GetReceipts(long blockNumber) =>
        ReadJsonList<LedgerReceipt>("SELECT json FROM receipts WHERE block_number = $p", blockNumber);

    public IReadOnlyList<LedgerTransaction> GetTransactions(long blockNumber) =>
        ReadJsonList<LedgerTransaction>("SELECT json FROM txs WHERE block_number = $p ORDER BY idx", blockNumber);

    /// <summary>Block numbers in [from, to] that have at least one log from one of <paramref name="addresses"/> (all when empty).</summary>
    public IReadOnlyList<long> BlocksWithLogs(long from, long to, IReadOnlyCollection<string> addresses)
    {
        using var scope = _lock.EnterScope();
        using var cmd = _writer.CreateCommand();
        var addressFilter = addresses.Count == 0
            ? string.Empty
            : " AND address IN (" + string.Join(',', addresses.Select((_, i) => "$a" + i)) + ")";
        cmd.CommandText = "SELECT DISTINCT block_number FROM logs WHERE block_number BETWEEN $f AND $t" + addressFilter + " ORDER BY block_number";
        cmd.Parameters.AddWithValue("$f", from);
        cmd.Parameters.AddWithValue("$t", to);
        var index = 0;
        foreach (var address in addresses)
        {
            cmd.Parameters.AddWithValue("$a" + index++, address);
        }

        var result = new List<long>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            result.Add(reader.GetInt64(0));
        }

        return result;
    }

    private T? ReadJson<T>(string sql, object? parameter)
        where T : class
    {
        using var scope = _lock.EnterScope();
        using var cmd = _writer.CreateCommand();
        cmd.CommandText = sql;
        if (parameter is not null)
        {
            cmd.Parameters.AddWithValue("$p", parameter);
        }

        return cmd.ExecuteScalar() is string json ? JsonSerializer.Deserialize<T>(json, LedgerJson.Options) : null;
    }

    private List<T> ReadJsonList<T>(string sql, object parameter)
    {
        using var scope = _lock.EnterScope();
        using var cmd = _writer.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$p", parameter);
        var list = new List<T>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            list.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), LedgerJson.Options)!);
        }

        return list;
    }

}
