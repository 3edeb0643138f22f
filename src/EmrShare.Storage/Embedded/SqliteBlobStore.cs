using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;
using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Embedded;

/// <summary>
/// The default, in-process blob store: IPFS blocks in one SQLite database (WAL), keyed by
/// binary CID. A put is all-or-nothing: its root and pin are committed last, in one transaction, and any
/// failure removes the blocks it added. Survives kill -9: SQLite's WAL recovery restores the last commit.
/// </summary>
public sealed partial class SqliteBlobStore : IReadableStore, IDisposable
{
    private readonly EmbeddedStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private readonly AsyncGate _gate = new();

    private SqliteBlobStore(EmbeddedStoreOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public EmbeddedStoreOptions Options => _options;

    /// <summary>Opens (creating if needed) the store at <see cref="EmbeddedStoreOptions.DatabasePath"/>.</summary>
    public static async Task<SqliteBlobStore> OpenAsync(EmbeddedStoreOptions options, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var store = new SqliteBlobStore(options, time ?? TimeProvider.System);
        // On a folder that refuses writes (restarted on a read-only or full disk) an existing store opens for reads.
        await SqliteAvailability.EnsureSchemaAsync(options.DatabasePath, store.OpenConnectionAsync, SqliteSchema.EnsureAsync, SqliteSchema.Tables,
            first => new BlobStoreUnavailableException("the blob store's folder refuses writes and holds no store to read", first), cancellationToken).ConfigureAwait(false);
        return store;
    }

    public async Task<Cid> PutAsync(Stream content, PutOptions options, CancellationToken cancellationToken) =>
        (await ImportAsync(content, options, cancellationToken).ConfigureAwait(false)).Root;

    /// <summary><see cref="PutAsync"/> with the whole import result (file and cumulative DAG size), as Kubo's <c>add</c> reports it.</summary>
    public Task<ImportResult> ImportAsync(Stream content, PutOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        return WriteAsync<ImportResult>(
            async (sink, ct) =>
            {
                var result = await UnixFsImporter.ImportAsync(content, options.CidVersion, sink, _options.MaxBlobBytes, ct).ConfigureAwait(false);
                return (result, options.Pin ? [result.Root] : []);
            },
            cancellationToken);
    }

    /// <summary>
    /// One all-or-nothing write of several DAGs (a directory add): <paramref name="produce"/> writes blocks, children
    /// before parents, into the sink it is given and returns the roots to pin. Its blocks and pins are committed
    /// together; any failure removes the blocks it added (unless another pinned DAG shares them). Garbage collection
    /// waits until the write is committed, so no unpinned block of it disappears in between.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<IBlockSink, CancellationToken, Task<(T Result, IReadOnlyCollection<Cid> Pins)>> produce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produce);
        IReadOnlyList<byte[]> inserted;
        ExceptionDispatchInfo failure;
        using (await _gate.EnterSharedAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var connection = await OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false);
            var writer = new SqliteBlockWriter(connection, _options.BlocksPerTransaction);
            await using (writer.ConfigureAwait(false))
            {
                try
                {
                    var (result, pins) = await produce(writer, cancellationToken).ConfigureAwait(false);
                    await writer.CommitAsync(pins, _time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken).ConfigureAwait(false);
                    return result;
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                    inserted = await writer.AbortAsync().ConfigureAwait(false);
                }
            }
        }

        // Failed put (oversize, cancelled, I/O): drop what it added, unless another pinned DAG shares a block.
        // On a full or read-only disk that cleanup cannot write either; its blocks were rolled back with the put.
        try
        {
            await RemoveUnreachableAsync(inserted, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException cleanup) when (SqliteAvailability.IsUnavailable(cleanup))
        {
        }

        if (SqliteAvailability.FindUnavailable(failure.SourceException) is { } sqlite)
        {
            throw new BlobStoreUnavailableException(sqlite);
        }

        failure.Throw();
        throw new UnreachableException();
    }

    /// <summary>The file under <paramref name="cid"/>, every block verified; its blocks are read through one connection (<see cref="SqliteBlockSession"/>).</summary>
    public async Task<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken)
    {
        var session = await SqliteBlockSession.OpenAsync(this, cancellationToken).ConfigureAwait(false);
        return await DagReadStream.OpenAsync(session, cid, session, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HasAsync(Cid cid, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteSchema.ExistsAsync(connection, "blocks", cid, cancellationToken).ConfigureAwait(false);
    }

    public async Task PinAsync(Cid cid, CancellationToken cancellationToken)
    {
        using (await _gate.EnterSharedAsync(cancellationToken).ConfigureAwait(false))
        {
            // Like `ipfs pin add`: the whole DAG must be present (and intact) before it is pinned.
            await foreach (var _ in DagWalker.WalkAsync(this, cid, verify: true, cancellationToken).ConfigureAwait(false))
            {
            }

            await using var connection = await OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO pins(cid, pinned_at) VALUES ($cid, $at)";
            command.Parameters.AddWithValue("$cid", cid.Bytes.ToArray());
            command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeSeconds());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UnpinAsync(Cid cid, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM pins WHERE cid = $cid";
        command.Parameters.AddWithValue("$cid", cid.Bytes.ToArray());
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0
            && !await SqliteSchema.ExistsAsync(connection, "blocks", cid, cancellationToken).ConfigureAwait(false))
        {
            throw new BlobNotFoundException(cid);
        }
    }

    public async IAsyncEnumerable<Cid> ListPinsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT cid FROM pins ORDER BY pinned_at, cid";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Cid.FromBytes(reader.GetFieldValue<byte[]>(0));
        }
    }

    public async Task<int> CollectGarbageAsync(CancellationToken cancellationToken) =>
        (await CollectGarbageListingAsync(cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>Garbage collection naming each removed block, as Kubo's <c>repo gc</c> streams them.</summary>
    public async Task<IReadOnlyList<Cid>> CollectGarbageListingAsync(CancellationToken cancellationToken)
    {
        using (await _gate.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            return await GarbageCollector.SweepAsync(this, candidates: null, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<BlobStat> StatAsync(Cid cid, CancellationToken cancellationToken)
    {
        var root = await this.GetVerifiedAsync(cid, cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        var pinned = await SqliteSchema.ExistsAsync(connection, "pins", cid, cancellationToken).ConfigureAwait(false);
        return new BlobStat(cid, checked((long)DagReadStream.FileSizeOf(cid, root)), pinned);
    }

    public async Task<byte[]> GetBlockAsync(Cid cid, CancellationToken cancellationToken) =>
        await this.GetVerifiedAsync(cid, cancellationToken).ConfigureAwait(false);

    public async Task<Cid> PutBlockAsync(ReadOnlyMemory<byte> block, ulong codec, int cidVersion, CancellationToken cancellationToken)
    {
        var cid = Cid.Create(cidVersion, codec, block.Span);
        if (_options.MaxBlobBytes is { } max && block.Length > max)
        {
            throw new BlobTooLargeException(max);
        }

        using (await _gate.EnterSharedAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var connection = await OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO blocks(cid, data) VALUES ($cid, $data)";
            command.Parameters.AddWithValue("$cid", cid.Bytes.ToArray());
            command.Parameters.AddWithValue("$data", block.ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return cid;
    }

    async ValueTask<byte[]> IBlockSource.GetRawBlockAsync(Cid cid, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM blocks WHERE cid = $cid";
        command.Parameters.AddWithValue("$cid", cid.Bytes.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? reader.GetFieldValue<byte[]>(0)
            : throw new BlobNotFoundException(cid);
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>A connection for a change; a folder that refuses writes surfaces as <see cref="BlobStoreUnavailableException"/>.</summary>
    internal async Task<SqliteConnection> OpenWriteConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteAvailability.IsUnavailable(ex))
        {
            throw new BlobStoreUnavailableException(ex);
        }
    }

    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            SqliteAvailability.ThrowIfOpenedReadOnly(connection);
            await using var pragma = connection.CreateCommand();
            // NORMAL: commits survive a process crash (kill -9) and never corrupt; FULL also survives power loss.
            pragma.CommandText = (_options.SyncEveryCommit ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;") + " PRAGMA busy_timeout=30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task RemoveUnreachableAsync(IReadOnlyList<byte[]> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return;
        }

        using (await _gate.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            await GarbageCollector.SweepAsync(this, candidates, cancellationToken).ConfigureAwait(false);
        }
    }
}
