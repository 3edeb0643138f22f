using System.Threading.Channels;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Embedded;

/// <summary>
/// Block sink of one put. A background loop inserts blocks and commits them in batches while the importer
/// hashes the next chunks (a small bounded queue keeps memory flat). The most recent block is held back,
/// because the importer writes the root last: <see cref="CommitAsync"/> stores it together with the pins
/// in one final transaction. A crash before that leaves only unreferenced blocks, which GC removes.
/// </summary>
internal sealed class SqliteBlockWriter : IBlockSink, IAsyncDisposable
{
    private const int QueueDepth = 8;
    private readonly SqliteConnection _connection;
    private readonly int _blocksPerTransaction;
    private readonly List<byte[]> _inserted = [];
    private readonly Channel<(Cid Cid, byte[] Block)> _queue =
        Channel.CreateBounded<(Cid, byte[])>(new BoundedChannelOptions(QueueDepth) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private SqliteTransaction? _transaction;
    private SqliteCommand? _insert;
    private int _inBatch;
    private (Cid Cid, byte[] Block)? _pending;

    public SqliteBlockWriter(SqliteConnection connection, int blocksPerTransaction)
    {
        _connection = connection;
        _blocksPerTransaction = blocksPerTransaction;
    }

    public async ValueTask WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        if (_pending is { } previous)
        {
            _loop ??= Task.Run(() => InsertLoopAsync(_stop.Token), CancellationToken.None);
            if (_loop.IsFaulted)
            {
                await _loop.ConfigureAwait(false); // surfaces the insert failure to the importer
            }

            try
            {
                await _queue.Writer.WriteAsync(previous, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                await _loop.ConfigureAwait(false); // the loop died (disk full, I/O error): report its exception
                throw;
            }
        }

        _pending = (cid, block.ToArray());
    }

    /// <summary>
    /// Writes the held-back last block and pins <paramref name="pins"/> (roots of this write, already written),
    /// committing everything at once: a crash before this leaves only unpinned blocks, which GC removes.
    /// </summary>
    public async Task CommitAsync(IReadOnlyCollection<Cid> pins, long pinnedAtUnixSeconds, CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_pending is { } last)
        {
            await InsertAsync(last.Cid, last.Block, cancellationToken).ConfigureAwait(false);
            _pending = null;
        }

        foreach (var root in pins)
        {
            if (_transaction is null)
            {
                _transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = "INSERT OR IGNORE INTO pins(cid, pinned_at) VALUES ($cid, $at)";
            command.Parameters.AddWithValue("$cid", root.Bytes.ToArray());
            command.Parameters.AddWithValue("$at", pinnedAtUnixSeconds);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CommitBatchAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the insert loop and rolls back the open batch; returns the CIDs (binary) of blocks this put added
    /// that were not in the store before — what to drop after a failed put.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> AbortAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // the put already failed; its original exception is what the caller reports
            }
        }

        await RollbackAsync().ConfigureAwait(false);
        return _inserted;
    }

    public async ValueTask DisposeAsync()
    {
        await AbortAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task InsertLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (cid, block) in _queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await InsertAsync(cid, block, ct).ConfigureAwait(false);
                if (++_inBatch >= _blocksPerTransaction)
                {
                    await CommitBatchAsync(ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex)
        {
            // Close the queue so a producer blocked on a full queue wakes up instead of waiting forever.
            _queue.Writer.TryComplete(ex);
            throw;
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
        await RollbackAsync().ConfigureAwait(false); // nothing left to roll back; just releases the objects
        _inBatch = 0;
    }

    private async Task RollbackAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
            _insert = null;
        }

        if (_transaction is not null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false); // rolls back if not committed
            _transaction = null;
        }
    }
}
