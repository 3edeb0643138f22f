using System.Buffers;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EmrShare.Storage.Embedded;

/// <summary>
/// The block reads of one DAG stream (<c>cat</c>, a record read): one connection and one prepared statement for all its
/// blocks instead of a pooled open, two pragmas and a probe per block, each block copied into a pooled buffer instead
/// of a fresh array. Bytes are handed out unverified, as every <see cref="IBlockSource"/>'s are: the reader hashes them.
/// One reader at a time; holds no read snapshot between blocks, so writers and checkpoints are never held up.
/// </summary>
internal sealed class SqliteBlockSession : IPooledBlockSource, IAsyncDisposable
{
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _select;

    private SqliteBlockSession(SqliteConnection connection, sqlite3_stmt select)
    {
        _connection = connection;
        _select = select;
    }

    public static async Task<SqliteBlockSession> OpenAsync(SqliteBlobStore store, CancellationToken cancellationToken)
    {
        var connection = await store.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The statement is driven through SQLite's own API so a block's bytes are copied once, from SQLite's page
            // buffer into the pooled buffer (the ADO.NET reader would first copy each blob into a fresh array).
            var rc = raw.sqlite3_prepare_v2(connection.Handle, "SELECT data FROM blocks WHERE cid = ?1", out sqlite3_stmt select);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            return new SqliteBlockSession(connection, select);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask<PooledBlock> GetRawBlockPooledAsync(Cid cid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Check(raw.sqlite3_bind_blob(_select, 1, cid.Bytes));
            var rc = raw.sqlite3_step(_select);
            if (rc == SqliteDone)
            {
                throw new BlobNotFoundException(cid);
            }

            if (rc != SqliteRow)
            {
                Check(rc);
            }

            var data = raw.sqlite3_column_blob(_select, 0);
            var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
            data.CopyTo(buffer);
            return ValueTask.FromResult(new PooledBlock(buffer, data.Length, Rented: true));
        }
        finally
        {
            // Ends the read (and its snapshot) at once, so no writer or checkpoint waits for the rest of the stream.
            raw.sqlite3_reset(_select);
        }
    }

    public async ValueTask<byte[]> GetRawBlockAsync(Cid cid, CancellationToken cancellationToken)
    {
        var block = await GetRawBlockPooledAsync(cid, cancellationToken).ConfigureAwait(false);
        var copy = block.Memory.ToArray();
        block.Return();
        return copy;
    }

    public async ValueTask DisposeAsync()
    {
        _select.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
}
