using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Embedded;

/// <summary>
/// Block sink of one put. Blocks are committed in batches; the most recent block is held back, because the
/// importer writes the root last: <see cref="CommitRootAsync"/> stores it together with its pin in one final
/// transaction. A crash before that leaves only unreferenced blocks, which garbage collection removes.
/// </summary>
internal sealed class SqliteBlockWriter : IBlockSink, IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly int _blocksPerTransaction;
    private readonly List<byte[]> _inserted = [];
    private SqliteTransaction? _transaction;
    private SqliteCommand? _insert;
    private int _inBatch;
    private (Cid Cid, byte[] Block)? _pending;

    public SqliteBlockWriter(SqliteConnection connection, int blocksPerTransaction)
    {
        _connection = connection;
        _blocksPerTransaction = blocksPerTransaction;
    }

    /// <summary>CIDs (binary) of blocks this put added that were not in the store before — what to drop if it fails.</summary>
    public IReadOnlyList<byte[]> Inserted => _inserted;

    public async ValueTask WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        if (_pending is { } previous)
        {
            await InsertAsync(previous.Cid, previous.Block, cancellationToken).ConfigureAwait(false);
            if (++_inBatch >= _blocksPerTransaction)
            {
                await CommitBatchAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _pending = (cid, block.ToArray());
    }

    /// <summary>Writes the held-back root and (optionally) its pin, committing everything at once.</summary>
    public async Task CommitRootAsync(Cid root, bool pin, long pinnedAtUnixSeconds, CancellationToken cancellationToken)
    {
        if (_pending is not { } last || !last.Cid.Equals(root))
        {
            throw new InvalidOperationException("the root must be the last block written");
        }

        await InsertAsync(last.Cid, last.Block, cancellationToken).ConfigureAwait(false);
        _pending = null;
        if (pin)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = "INSERT OR IGNORE INTO pins(cid, pinned_at) VALUES ($cid, $at)";
            command.Parameters.AddWithValue("$cid", root.Bytes.ToArray());
            command.Parameters.AddWithValue("$at", pinnedAtUnixSeconds);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CommitBatchAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
        }

        if (_transaction is not null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false); // rolls back an unfinished batch
        }
    }

    private async Task InsertAsync(Cid cid, byte[] block, CancellationToken ct)
    {
        if (_transaction is null)
        {
            _transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            _insert = _connection.CreateCommand();
            _insert.Transaction = _transaction;
            _insert.CommandText = "INSERT OR IGNORE INTO blocks(cid, data) VALUES ($cid, $data)";
            _insert.Parameters.Add("$cid", SqliteType.Blob);
            _insert.Parameters.Add("$data", SqliteType.Blob);
        }

        var cidBytes = cid.Bytes.ToArray();
        _insert!.Parameters[0].Value = cidBytes;
        _insert.Parameters[1].Value = block;
        if (await _insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
        {
            _inserted.Add(cidBytes);
        }
    }

    private async Task CommitBatchAsync(CancellationToken ct)
    {
        if (_transaction is null)
        {
            return;
        }

        await _transaction.CommitAsync(ct).ConfigureAwait(false);
        await _insert!.DisposeAsync().ConfigureAwait(false);
        await _transaction.DisposeAsync().ConfigureAwait(false);
        _insert = null;
        _transaction = null;
        _inBatch = 0;
    }
}
