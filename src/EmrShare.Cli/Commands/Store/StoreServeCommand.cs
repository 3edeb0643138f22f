using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;
using Microsoft.Data.Sqlite;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Store;

/// <summary>
/// <c>emrshare store serve</c>: a standalone blob-store node — the embedded SQLite store in <c>--data</c> behind the
/// Kubo-compatible admin API on 127.0.0.1:<c>--port</c> (loopback-only, optional token, bounded adds) — so a hospital can keep its envelopes in a separate process or
/// machine (<c>hospital … --ipfs URL</c>) that fails, restarts and is backed up on its own. It holds only
/// ciphertext and needs no keys. Stops cleanly on SIGINT/SIGTERM; survives kill -9 (SQLite WAL).
/// </summary>
public sealed class StoreServeCommand : ActorCommand<StoreServeCommand.Settings>
{
    /// <summary>The store's database file inside the data folder (the same name a hospital uses for its own store).</summary>
    public const string DatabaseFile = "blobs.db";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Folder of the store's database (created if missing). Required.")]
        public string? DataDirectory { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("Loopback port of the Kubo-compatible API (default 0: any free port, printed).")]
        public int Port { get; init; }

        [CommandOption("--max-add-bytes <BYTES>")]
        [Description("Largest upload one add accepts; larger ones are refused with 413 and nothing is stored (default 64 MiB).")]
        public long MaxAddBytes { get; init; } = 64L * 1024 * 1024;

        [CommandOption("--admin-token-file <FILE>")]
        [Description("File holding the admin token every caller must present (Authorization: Bearer); the API is loopback-only either way.")]
        public string? AdminTokenFile { get; init; }

        [CommandOption("--fsync")]
        [Description("Fsync every commit, so an acknowledged put also survives power loss (default: survives process crashes).")]
        public bool SyncEveryCommit { get; init; }
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        // Checked here rather than in Validate() so bad input ends like every actor command: one "error:" line, exit 64.
        if (string.IsNullOrWhiteSpace(settings.DataDirectory))
        {
            throw new CliUsageException("--data <DIR> is required");
        }

        if (settings.Port is < 0 or > 65535)
        {
            throw new CliUsageException("--port must be 0–65535");
        }

        if (settings.MaxAddBytes < 1)
        {
            throw new CliUsageException("--max-add-bytes must be at least 1");
        }

        // "stopped" is printed only after the server and the database are closed.
        var folder = Path.GetFullPath(settings.DataDirectory);
        return await Serve.ServeLoop.RunAsync(async (resources, stop) =>
        {
            var blobs = resources.Own(await OpenStoreAsync(folder, settings.SyncEveryCommit, stop).ConfigureAwait(false));
            var admin = new KuboAdminApiOptions { MaxAddBytes = settings.MaxAddBytes, AdminToken = await ReadAdminTokenAsync(settings.AdminTokenFile, stop).ConfigureAwait(false) };
            var server = resources.Own(await ListenAsync(blobs, settings.Port, admin, stop).ConfigureAwait(false));
            Output.Field("store", server.Address);
            Output.Field("data", folder);
            return "serving";
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A folder that cannot hold the database is the node's storage refusing writes — the same typed error a hospital gives.</summary>
    private static async Task<SqliteBlobStore> OpenStoreAsync(string folder, bool fsync, CancellationToken cancellationToken)
    {
        try
        {
            return await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(Path.Combine(folder, DatabaseFile), SyncEveryCommit: fsync), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or SqliteException or BlobStoreUnavailableException)
        {
            SqliteConnection.ClearAllPools();
            throw new StorageUnavailableException($"the store folder {folder} cannot hold the database ({ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    private static async Task<string?> ReadAdminTokenAsync(string? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return null;
        }

        var token = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
        return token.Length >= 16 ? token : throw new CliUsageException("--admin-token-file must hold a token of at least 16 characters");
    }

    private static async Task<KuboApiServer> ListenAsync(SqliteBlobStore blobs, int port, KuboAdminApiOptions admin, CancellationToken cancellationToken)
    {
        try
        {
            return await KuboApiServer.StartAdminAsync(blobs, port, admin, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Kestrel reports a port another process holds as an IOException ("address already in use").
            throw new CliUsageException($"cannot listen on 127.0.0.1:{port} ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }
}
