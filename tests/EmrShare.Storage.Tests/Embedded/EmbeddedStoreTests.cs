using EmrShare.Storage.DagPb;
using EmrShare.Storage.Embedded;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Embedded;

public class EmbeddedStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenRead_TamperedLeaf_ThrowsBlockIntegrityNeverWrongBytes()
    {
        await using var temp = await TempStore.CreateAsync();
        var data = TestData.Bytes((3 * UnixFsImporter.ChunkSize) + 10);
        var root = await temp.Store.PutAsync(new MemoryStream(data), PutOptions.Default, Ct);
        var leaves = DagPbNode.Decode(await temp.Store.GetBlockAsync(root, Ct)).Links;
        SqliteInspector.FlipByte(temp.DatabasePath, leaves[1].Cid, 1234);

        var stream = await temp.Store.OpenReadAsync(root, Ct);
        var buffer = new byte[UnixFsImporter.ChunkSize];
        // The first leaf is intact and is served; the tampered second one must fail before any of its bytes.
        Assert.Equal(UnixFsImporter.ChunkSize, await stream.ReadAtLeastAsync(buffer, buffer.Length, false, Ct));
        Assert.Equal(data.AsSpan(0, UnixFsImporter.ChunkSize).ToArray(), buffer);
        var error = await Assert.ThrowsAsync<BlockIntegrityException>(async () => await stream.ReadExactlyAsync(buffer, Ct));
        Assert.Equal(leaves[1].Cid, error.Cid);
        await Assert.ThrowsAsync<BlockIntegrityException>(() => temp.Store.GetBlockAsync(leaves[1].Cid, Ct));
    }

    [Fact]
    public async Task OpenRead_TamperedRoot_ThrowsBlockIntegrityOnOpen()
    {
        await using var temp = await TempStore.CreateAsync();
        var root = await temp.Store.PutAsync(new MemoryStream(TestData.Bytes(100)), PutOptions.Default, Ct);
        SqliteInspector.FlipByte(temp.DatabasePath, root, 0);

        await Assert.ThrowsAsync<BlockIntegrityException>(() => temp.Store.OpenReadAsync(root, Ct));
        await Assert.ThrowsAsync<BlockIntegrityException>(() => temp.Store.PinAsync(root, Ct));
    }

    [Fact]
    public async Task Put_OversizeStream_ThrowsAndStoresNothing()
    {
        await using var temp = await TempStore.CreateAsync(maxBlobBytes: 1_000_000);
        using var upload = new ForwardOnlyStream(new MemoryStream(TestData.Bytes(3_000_000)));

        await Assert.ThrowsAsync<BlobTooLargeException>(() => temp.Store.PutAsync(upload, PutOptions.Default, Ct));

        Assert.Equal(0, SqliteInspector.Count(temp.DatabasePath, "blocks"));
        Assert.Equal(0, SqliteInspector.Count(temp.DatabasePath, "pins"));
    }

    [Fact]
    public async Task Put_OversizeSeekable_RejectedBeforeReading()
    {
        await using var temp = await TempStore.CreateAsync(maxBlobBytes: 1_000);
        var upload = new MemoryStream(TestData.Bytes(1_001));

        await Assert.ThrowsAsync<BlobTooLargeException>(() => temp.Store.PutAsync(upload, PutOptions.Default, Ct));

        Assert.Equal(0, upload.Position);
        Assert.Equal(0, SqliteInspector.Count(temp.DatabasePath, "blocks"));
    }

    [Fact]
    public async Task Put_CancelledMidway_RemovesOwnBlocksButKeepsSharedPinnedOnes()
    {
        await using var temp = await TempStore.CreateAsync();
        var shared = TestData.Bytes(2 * UnixFsImporter.ChunkSize, seed: 9);
        var first = await temp.Store.PutAsync(new MemoryStream(shared), PutOptions.Default, Ct);
        var blocksBefore = SqliteInspector.Count(temp.DatabasePath, "blocks");
        // Same first two chunks (deduplicated), then more data; cancelled after ~5 MB.
        var longer = shared.Concat(TestData.Bytes(20 * UnixFsImporter.ChunkSize, seed: 10)).ToArray();
        using var cts = new CancellationTokenSource();
        using var upload = new CancelAfterStream(new MemoryStream(longer), 5_000_000, cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => temp.Store.PutAsync(upload, PutOptions.Default, cts.Token));

        Assert.Equal(blocksBefore, SqliteInspector.Count(temp.DatabasePath, "blocks"));
        var stream = await temp.Store.OpenReadAsync(first, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        Assert.Equal(shared, copy.ToArray());
    }

    [Fact]
    public async Task Put_StorageFailsMidway_ThrowsPromptlyAndLeavesNothing()
    {
        await using var temp = await TempStore.CreateAsync();
        SqliteInspector.FailInsertsBeyond(temp.DatabasePath, 40);
        using var upload = new ForwardOnlyStream(new MemoryStream(TestData.Bytes(120 * UnixFsImporter.ChunkSize, seed: 14)));

        var put = temp.Store.PutAsync(upload, PutOptions.Default, Ct);

        // Must fail with the storage error, not hang on the importer's full queue.
        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => put.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        Assert.Contains("simulated disk full", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, SqliteInspector.Count(temp.DatabasePath, "blocks"));
        Assert.Equal(0, SqliteInspector.Count(temp.DatabasePath, "pins"));
    }

    [Fact]
    public async Task Reopen_AfterDispose_BlobsAndPinsPersist()
    {
        var directory = Path.Combine(Path.GetTempPath(), "emrshare-reopen-" + Guid.NewGuid().ToString("N"));
        var data = TestData.Bytes(700_000, seed: 3);
        Cid cid;
        await using (var first = await TempStore.CreateAsync(directory: directory))
        {
            cid = await first.Store.PutAsync(new MemoryStream(data), PutOptions.Default, Ct);
            first.Store.Dispose();
            using var reopened = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(first.DatabasePath), null, Ct);
            var stat = await reopened.StatAsync(cid, Ct);
            Assert.True(stat.Pinned);
            Assert.Equal(data.Length, stat.Size);
        }
    }

    [Fact]
    public async Task Put_SyncEveryCommit_RoundTripsAndPersists()
    {
        var directory = Path.Combine(Path.GetTempPath(), "emrshare-full-" + Guid.NewGuid().ToString("N"));
        var options = new EmbeddedStoreOptions(Path.Combine(directory, "blobs.db"), SyncEveryCommit: true, BlocksPerTransaction: 2);
        var data = TestData.Bytes((5 * UnixFsImporter.ChunkSize) + 3, seed: 12);
        try
        {
            Cid cid;
            using (var store = await SqliteBlobStore.OpenAsync(options, null, Ct))
            {
                cid = await store.PutAsync(new MemoryStream(data), PutOptions.V0, Ct);
            }

            using var reopened = await SqliteBlobStore.OpenAsync(options, null, Ct);
            var stream = await reopened.OpenReadAsync(cid, Ct);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            Assert.Equal(data, copy.ToArray());
            Assert.Equal(0, cid.Version);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task PutAndCollect_Concurrently_AllPinnedBlobsIntact()
    {
        await using var temp = await TempStore.CreateAsync();
        var inputs = Enumerable.Range(0, 6).Select(i => TestData.Bytes(900_000 + i, seed: 50 + i)).ToList();

        var puts = inputs.Select(d => Task.Run(() => temp.Store.PutAsync(new MemoryStream(d), PutOptions.Default, Ct), Ct)).ToList();
        var collections = Enumerable.Range(0, 3).Select(_ => Task.Run(() => temp.Store.CollectGarbageAsync(Ct), Ct)).ToList();
        var cids = await Task.WhenAll(puts);
        await Task.WhenAll(collections);
        await temp.Store.CollectGarbageAsync(Ct);

        for (var i = 0; i < inputs.Count; i++)
        {
            var stream = await temp.Store.OpenReadAsync(cids[i], Ct);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            Assert.Equal(inputs[i], copy.ToArray());
        }
    }

    [Fact]
    public async Task PutBlock_ThenPin_IncompleteDagRejected()
    {
        await using var temp = await TempStore.CreateAsync();
        var missingLeaf = Cid.Create(1, Multicodec.Raw, "absent"u8);
        var unixFs = new UnixFsData(UnixFsType.File, ReadOnlyMemory<byte>.Empty, 6, [6]).Encode();
        var parent = new DagPbNode([new DagPbLink(missingLeaf, string.Empty, 6)], unixFs).Encode();

        var cid = await temp.Store.PutBlockAsync(parent, Multicodec.DagPb, 1, Ct);

        Assert.True(await temp.Store.HasAsync(cid, Ct));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => temp.Store.PinAsync(cid, Ct));
        await temp.Store.PutBlockAsync("absent"u8.ToArray(), Multicodec.Raw, 1, Ct);
        await temp.Store.PinAsync(cid, Ct);
        Assert.True((await temp.Store.StatAsync(cid, Ct)).Pinned);
    }
}
