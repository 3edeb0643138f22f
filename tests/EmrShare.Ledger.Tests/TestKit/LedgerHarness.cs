using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;

namespace EmrShare.Ledger.Tests.TestKit;

/// <summary>A real embedded ledger (in memory or in a temp SQLite file) with its JSON-RPC handler.</summary>
internal sealed class LedgerHarness : IAsyncDisposable
{
    private LedgerHarness(EmbeddedLedger ledger)
    {
        Ledger = ledger;
        Handler = new LedgerRpcHandler(ledger);
        Rpc = new RpcTestClient(Handler);
    }

    public EmbeddedLedger Ledger { get; }

    public LedgerRpcHandler Handler { get; }

    public RpcTestClient Rpc { get; }

    public static string Key(int i) => LedgerOptions.DevPrivateKeys[i];

    public static string Account(int i) => TestTx.Address(Key(i));

    public static async Task<LedgerHarness> StartAsync(LedgerOptions? options = null) =>
        new(await EmbeddedLedger.OpenAsync(options ?? LedgerOptions.Development(), cancellationToken: TestContext.Current.CancellationToken));

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        await Ledger.DisposeAsync();
    }
}

/// <summary>A temp folder deleted at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("emrshare-ledger-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a file may still be held by a process being torn down
        }
    }
}
