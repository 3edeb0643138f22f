using EmrShare.Core.IO;
using System.ComponentModel;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.ServiceDefaults;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands;

/// <summary>
/// <c>emrshare ledger</c>: runs the embedded single-sealer chain as an Ethereum JSON-RPC node on 127.0.0.1, so
/// the Center, hospitals and patients can run as separate processes against one chain (or any Ethereum tool
/// can inspect it). SIGINT/SIGTERM seal the pending block before exit.
/// </summary>
public sealed class LedgerCommand : AsyncCommand<LedgerCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("Loopback port for JSON-RPC (default 8545).")]
        public int Port { get; init; } = 8545;

        [CommandOption("--data <DIR>")]
        [Description("Folder for the chain database (default ./.data/ledger).")]
        public string DataDirectory { get; init; } = Path.Combine(".data", "ledger");

        [CommandOption("--chain-id <ID>")]
        [Description("Chain id (default 31337).")]
        public long ChainId { get; init; } = Ledger.LedgerOptions.DefaultChainId;

        [CommandOption("--interval-ms <MS>")]
        [Description("Seal a block every MS milliseconds; 0 = one block per transaction (default 0).")]
        public int IntervalMilliseconds { get; init; }

        [CommandOption("--sealer-key <HEX>")]
        [Description("The Center's sealer private key (default: a development key).")]
        public string? SealerKey { get; init; }

        [CommandOption("--max-tx-bytes <BYTES>")]
        [Description("Largest raw transaction accepted, calldata included (default 131072, geth's).")]
        public int MaxTransactionBytes { get; init; } = 128 * 1024;

        [CommandOption("--min-gas-price <WEI>")]
        [Description("Lowest gas price accepted, in wei (default 1: no write is free).")]
        public long MinGasPrice { get; init; } = 1;

        [CommandOption("--rpc-rate <PER_SECOND>")]
        [Description("JSON-RPC requests per second per client address; 0 = unlimited (default 1000).")]
        public int RequestsPerSecond { get; init; } = 1000;

        [CommandOption("--cors-origin <ORIGIN>")]
        [Description("A browser origin allowed to call (repeatable, or *). Default: none, CORS off.")]
        public string[] CorsOrigins { get; init; } = [];

        public override ValidationResult Validate() =>
            Port is < 1 or > 65535 ? ValidationResult.Error("--port must be 1–65535")
            : ChainId <= 0 ? ValidationResult.Error("--chain-id must be positive")
            : IntervalMilliseconds < 0 ? ValidationResult.Error("--interval-ms must be ≥ 0")
            : MaxTransactionBytes < 1024 ? ValidationResult.Error("--max-tx-bytes must be at least 1024")
            : MinGasPrice < 0 ? ValidationResult.Error("--min-gas-price must be ≥ 0")
            : RequestsPerSecond < 0 ? ValidationResult.Error("--rpc-rate must be ≥ 0")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PrivateFiles.CreateDirectory(settings.DataDirectory);
        PrivateFiles.PrepareDatabase(Path.Combine(settings.DataDirectory, "ledger.db"));
        var options = LedgerOptions.ForNode(settings.DataDirectory, settings.ChainId, settings.IntervalMilliseconds, settings.SealerKey) with
        {
            MaxTransactionBytes = settings.MaxTransactionBytes,
            MinGasPrice = settings.MinGasPrice,
        };

        using var signal = ShutdownSignal.Listen(cancellationToken);
        await using var ledger = await EmbeddedLedger.OpenAsync(options, cancellationToken: signal.Token);
        var limits = RpcServerLimits.Served(settings.RequestsPerSecond, settings.CorsOrigins);
        await using var server = await LedgerHttpServer.StartAsync(new LedgerRpcHandler(ledger, limits: limits), settings.Port, signal.Token, limits);
        AnsiConsole.MarkupLine($"emrshare ledger: chain [bold]{options.ChainId}[/], head block {ledger.Head.Number}, sealer {ledger.SealerAddress}");
        if (settings.SealerKey is null)
        {
            await PrintDevelopmentAccountsAsync(ledger, signal.Token);
        }

        AnsiConsole.MarkupLine($"JSON-RPC listening on [bold]{server.Endpoint}[/] (Ctrl+C to stop)");
        await signal.WaitAsync();

        // normal shutdown: disposing the ledger seals what is pending
        return 0;
    }

    /// <summary>As Hardhat and Anvil do: the well-known development accounts, their keys and current balances.</summary>
    private static async Task PrintDevelopmentAccountsAsync(EmbeddedLedger ledger, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine("Development accounts (publicly known keys: never use them on a real network):");
        for (var i = 0; i < LedgerOptions.DevPrivateKeys.Count; i++)
        {
            var key = LedgerOptions.DevPrivateKeys[i];
            var address = new Nethereum.Signer.EthECKey(key).GetPublicAddress();
            var account = await ledger.GetAccountAsync(address, BlockTag.Latest, cancellationToken);
            var ether = System.Numerics.BigInteger.Divide(account.Balance, System.Numerics.BigInteger.Pow(10, 18));
            AnsiConsole.WriteLine($"Account #{i}: {address} ({ether} ETH)");
            AnsiConsole.WriteLine($"Private Key: {key}");
        }
    }
}
