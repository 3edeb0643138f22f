using System.Globalization;
using System.Numerics;
using System.Text.Json;
using EmrShare.Ledger.Sealing;
using EmrShare.Ledger.State;
using Microsoft.Data.Sqlite;

namespace EmrShare.Ledger.Storage;

/// <summary>
/// SQLite (WAL) persistence. A sealed block — header, transactions, receipts, logs and its whole state diff —
/// is written in ONE SQLite transaction, and nothing about the block is served before that commit returns:
/// a crash (kill -9) leaves either the whole block or none of it.
/// </summary>
public sealed partial class LedgerStore : IDisposable
{
    // One connection, one lock: commits take milliseconds and reads are point lookups, so serialising them is
    // simpler and safer than juggling reader connections (and works the same for in-memory databases).
    private readonly SqliteConnection _writer;
    private readonly Lock _lock = new();

    private LedgerStore(SqliteConnection writer)
    {
        _writer = writer;
    }

    /// <summary>Opens (creating if needed) the database; <paramref name="path"/> null = private in-memory database.</summary>
    public static LedgerStore Open(string? path, bool syncFull)
    {
        var inMemory = path is null;
        var connectionString = inMemory
            ? "Data Source=:memory:"
            : new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        if (!inMemory)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path!))!);
        }

        var writer = new SqliteConnection(connectionString);
        writer.Open();
        var store = new LedgerStore(writer);
        store.Execute(inMemory ? "PRAGMA journal_mode=MEMORY;" : "PRAGMA journal_mode=WAL;");
        store.Execute(syncFull ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        store.Execute(Schema);
        return store;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS txs (hash BLOB PRIMARY KEY, block_number INTEGER NOT NULL, idx INTEGER NOT NULL, json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS receipts (tx_hash BLOB PRIMARY KEY, block_number INTEGER NOT NULL, json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS logs (block_number INTEGER NOT NULL, log_index INTEGER NOT NULL, address TEXT NOT NULL,
            topic0 BLOB, topic1 BLOB, topic2 BLOB, topic3 BLOB, PRIMARY KEY (block_number, log_index));
        CREATE INDEX IF NOT EXISTS logs_address ON logs(address, block_number);
        CREATE TABLE IF NOT EXISTS accounts (address TEXT PRIMARY KEY, balance TEXT NOT NULL, nonce TEXT NOT NULL, code BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS storage (address TEXT NOT NULL, slot BLOB NOT NULL, value BLOB NOT NULL, PRIMARY KEY (address, slot));
        """;

    public string? GetMeta(string key)
    {
        using var scope = _lock.EnterScope();
        using var cmd = _writer.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var scope = _lock.EnterScope();
        using var cmd = _writer.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v)";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Persists a sealed block and its state diff atomically.</summary>
    public void Commit(SealedBlock sealedBlock) => Commit([sealedBlock]);

    /// <summary>Persists consecutive sealed blocks and their state diffs in ONE transaction (group commit): all or none.</summary>
    public void Commit(IReadOnlyList<SealedBlock> sealedBlocks)
    {
        ArgumentNullException.ThrowIfNull(sealedBlocks);
        using var scope = _lock.EnterScope();
        using var tx = _writer.BeginTransaction();
        foreach (var sealedBlock in sealedBlocks)
        {
            WriteBlock(tx, sealedBlock);
        }

        tx.Commit();
    }

    private void WriteBlock(SqliteTransaction tx, SealedBlock sealedBlock)
    {
        ArgumentNullException.ThrowIfNull(sealedBlock);
        var block = sealedBlock.Block;
        using (var cmd = Command(tx, "INSERT INTO blocks (number, hash, json) VALUES ($n, $h, $j)"))
        {
            cmd.Parameters.AddWithValue("$n", block.Number);
            cmd.Parameters.AddWithValue("$h", block.Hash);
            cmd.Parameters.AddWithValue("$j", JsonSerializer.Serialize(block, LedgerJson.Options));
            cmd.ExecuteNonQuery();
        }

        WriteTransactions(tx, sealedBlock);
        WriteState(tx, sealedBlock.Diff);
    }

    private void WriteTransactions(SqliteTransaction tx, SealedBlock sealedBlock)
    {
        using var txCmd = Command(tx, "INSERT INTO txs (hash, block_number, idx, json) VALUES ($h, $n, $i, $j)");
        var pHash = txCmd.Parameters.Add("$h", SqliteType.Blob);
        var pNumber = txCmd.Parameters.Add("$n", SqliteType.Integer);
        var pIndex = txCmd.Parameters.Add("$i", SqliteType.Integer);
        var pJson = txCmd.Parameters.Add("$j", SqliteType.Text);
        using var rcCmd = Command(tx, "INSERT INTO receipts (tx_hash, block_number, json) VALUES ($h, $n, $j)");
        var rHash = rcCmd.Parameters.Add("$h", SqliteType.Blob);
        var rNumber = rcCmd.Parameters.Add("$n", SqliteType.Integer);
        var rJson = rcCmd.Parameters.Add("$j", SqliteType.Text);
        using var logCmd = Command(tx, "INSERT INTO logs (block_number, log_index, address, topic0, topic1, topic2, topic3) VALUES ($n, $i, $a, $t0, $t1, $t2, $t3)");
        var lNumber = logCmd.Parameters.Add("$n", SqliteType.Integer);
        var lIndex = logCmd.Parameters.Add("$i", SqliteType.Integer);
        var lAddress = logCmd.Parameters.Add("$a", SqliteType.Text);
        var lTopics = new[] { "$t0", "$t1", "$t2", "$t3" }.Select(n => logCmd.Parameters.Add(n, SqliteType.Blob)).ToArray();
        for (var i = 0; i < sealedBlock.Transactions.Count; i++)
        {
            var transaction = sealedBlock.Transactions[i];
            var receipt = sealedBlock.Receipts[i];
            pHash.Value = transaction.Hash;
            pNumber.Value = sealedBlock.Block.Number;
            pIndex.Value = i;
            pJson.Value = JsonSerializer.Serialize(transaction, LedgerJson.Options);
            txCmd.ExecuteNonQuery();
            rHash.Value = transaction.Hash;
            rNumber.Value = sealedBlock.Block.Number;
            rJson.Value = JsonSerializer.Serialize(receipt, LedgerJson.Options);
            rcCmd.ExecuteNonQuery();
            foreach (var log in receipt.Logs)
            {
                lNumber.Value = sealedBlock.Block.Number;
                lIndex.Value = log.LogIndex;
                lAddress.Value = log.Address;
                for (var t = 0; t < 4; t++)
                {
                    lTopics[t].Value = t < log.Topics.Count ? log.Topics[t] : DBNull.Value;
                }

                logCmd.ExecuteNonQuery();
            }
        }
    }

    private void WriteState(SqliteTransaction tx, StateDiff diff)
    {
        using var accCmd = Command(tx, "INSERT OR REPLACE INTO accounts (address, balance, nonce, code) VALUES ($a, $b, $n, $c)");
        var aAddress = accCmd.Parameters.Add("$a", SqliteType.Text);
        var aBalance = accCmd.Parameters.Add("$b", SqliteType.Text);
        var aNonce = accCmd.Parameters.Add("$n", SqliteType.Text);
        var aCode = accCmd.Parameters.Add("$c", SqliteType.Blob);
        foreach (var (address, account) in diff.Accounts)
        {
            aAddress.Value = address;
            aBalance.Value = account.Balance.ToString(CultureInfo.InvariantCulture);
            aNonce.Value = account.Nonce.ToString(CultureInfo.InvariantCulture);
            aCode.Value = account.Code;
            accCmd.ExecuteNonQuery();
        }

        using var putCmd = Command(tx, "INSERT OR REPLACE INTO storage (address, slot, value) VALUES ($a, $s, $v)");
        var pAddress = putCmd.Parameters.Add("$a", SqliteType.Text);
        var pSlot = putCmd.Parameters.Add("$s", SqliteType.Blob);
        var pValue = putCmd.Parameters.Add("$v", SqliteType.Blob);
        using var delCmd = Command(tx, "DELETE FROM storage WHERE address = $a AND slot = $s");
        var dAddress = delCmd.Parameters.Add("$a", SqliteType.Text);
        var dSlot = delCmd.Parameters.Add("$s", SqliteType.Blob);
        foreach (var (key, word) in diff.Storage)
        {
            var slot = LedgerHex.Word(key.Slot.ToByteArray(isUnsigned: true, isBigEndian: true));
            if (word.All(b => b == 0))
            {
                dAddress.Value = key.Address;
                dSlot.Value = slot;
                delCmd.ExecuteNonQuery();
            }
            else
            {
                pAddress.Value = key.Address;
                pSlot.Value = slot;
                pValue.Value = word;
                putCmd.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Loads the whole committed state (accounts and storage) into <paramref name="state"/>.</summary>
    public void LoadState(WorldState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var scope = _lock.EnterScope();
        using (var cmd = Command(null, "SELECT address, balance, nonce, code FROM accounts"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                state.SetAccount(reader.GetString(0), new AccountData(
                    BigInteger.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                    BigInteger.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                    (byte[])reader.GetValue(3)));
            }
        }

        using (var cmd = Command(null, "SELECT address, slot, value FROM storage"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                var slot = new BigInteger((byte[])reader.GetValue(1), isUnsigned: true, isBigEndian: true);
                state.SetStorage(new SlotKey(reader.GetString(0), slot), (byte[])reader.GetValue(2));
            }
        }
    }

    private SqliteCommand Command(SqliteTransaction? tx, string sql)
    {
        var cmd = _writer.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private void Execute(string sql)
    {
        using var cmd = Command(null, sql);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        using var scope = _lock.EnterScope();
        _writer.Dispose();
    }
}
