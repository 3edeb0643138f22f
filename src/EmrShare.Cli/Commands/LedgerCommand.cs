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
        public long ChainId { get; init; } = 31337;

        [CommandOption("--interval-ms <MS>")]
        [Description("Seal a block every MS milliseconds; 0 = one block per transaction (default 0).")]
        public int IntervalMilliseconds { get; init; }

        [CommandOption("--sealer-key <HEX>")]
        [Description("The Center's sealer private key (default: a development key).")]
        public string? SealerKey { get; init; }

        public override ValidationResult Validate() =>
            Port is < 1 or > 65535 ? ValidationResult.Error("--port must be 1–65535")
            : ChainId <= 0 ? ValidationResult.Error("--chain-id must be positive")
            : IntervalMilliseconds < 0 ? ValidationResult.Error("--interval-ms must be ≥ 0")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PrivateFiles.CreateDirectory(settings.DataDirectory);
        PrivateFiles.PrepareDatabase(Path.Combine(settings.DataDirectory, "ledger.db"));
        var options = LedgerOptions.ForNode(settings.DataDirectory, settings.ChainId, settings.IntervalMilliseconds, settings.SealerKey);

        using var signal = ShutdownSignal.Listen(cancellationToken);
        await using var ledger = await EmbeddedLedger.OpenAsync(options, cancellationToken: signal.Token);
        await using var server = await LedgerHttpServer.StartAsync(new LedgerRpcHandler(ledger), settings.Port, signal.Token);
        AnsiConsole.MarkupLine($"emrshare ledger: chain [bold]{options.ChainId}[/], head block {ledger.Head.Number}, sealer {ledger.SealerAddress}");
        AnsiConsole.MarkupLine($"JSON-RPC listening on [bold]{server.Endpoint}[/] (Ctrl+C to stop)");
        await signal.WaitAsync();

        // normal shutdown: disposing the ledger seals what is pending
        return 0;
    }
}
