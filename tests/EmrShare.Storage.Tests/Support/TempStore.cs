using EmrShare.Storage.Embedded;

namespace EmrShare.Storage.Tests.Support;

/// <summary>An embedded store in a fresh temp folder, deleted afterwards.</summary>
public sealed class TempStore : IAsyncDisposable
{
    private TempStore(string directory, SqliteBlobStore store)
    {
        Directory = directory;
        Store = store;
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "blobs.db");

    public SqliteBlobStore Store { get; }

    public static async Task<TempStore> CreateAsync(long? maxBlobBytes = null, string? directory = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "emrshare-store-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var store = await SqliteBlobStore.OpenAsync(
            new EmbeddedStoreOptions(Path.Combine(directory, "blobs.db"), maxBlobBytes), TimeProvider.System, TestContext.Current.CancellationToken);
        return new TempStore(directory, store);
    }

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
