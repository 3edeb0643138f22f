using EmrShare.Cli.Commands;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// Its own demo network for the phone wallet's chain story (ledger, Center serving /rpc, hospitals A and B with a
/// registered practitioner each), so the story does not depend on the order of the dashboard tests that share the
/// assembly's blank network. The server-side demo patient is enrolled too: the phone patient is a second one.
/// </summary>
public sealed class WalletChainFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "emrshare-pwachain-" + Guid.NewGuid().ToString("N")[..8]);

    public DemoWebNetwork Network { get; private set; } = null!;

    public string DataDirectory => _data;

    public async ValueTask InitializeAsync() =>
        Network = await DemoWebNetwork.StartAsync(new DemoWebOptions(_data) { KeystoreScryptN = 1024 }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (Network is not null)
        {
            await Network.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing SQLite connection only leaves a temp folder behind.
        }
    }
}
