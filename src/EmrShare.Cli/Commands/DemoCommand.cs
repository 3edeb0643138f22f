using EmrShare.Core.IO;
using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands;

/// <summary>
/// <c>emrshare demo</c>: the whole sharing scenario in one process — Center, hospitals A and B and a patient,
/// each with its own folder — on the embedded ledger, or on a JSON-RPC node given with <c>--rpc</c>.
/// </summary>
public sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Folder for the actors' data (default: a new temp folder). Must be empty or new.")]
        public string? DataDirectory { get; init; }

        [CommandOption("--rpc <URL>")]
        [Description("Use this Ethereum JSON-RPC node (e.g. Hardhat) instead of the embedded ledger; its first accounts must be the standard development keys.")]
        public string? Rpc { get; init; }

        [CommandOption("--chain-id <ID>")]
        [Description("Chain id of the --rpc node (default 31337).")]
        [DefaultValue(global::EmrShare.Ledger.LedgerOptions.DefaultChainId)]
        public long ChainId { get; init; } = Ledger.LedgerOptions.DefaultChainId;

        [CommandOption("--web")]
        [Description("Start the deployment's hosts (center, hospital A and B, wallet serve, from config files written to --data) on loopback ports with demo data, and serve until Ctrl+C.")]
        public bool Web { get; init; }

        [CommandOption("--port-base <PORT>")]
        [Description("With --web: Center on PORT, hospital A on PORT+1, hospital B on PORT+2, patient on PORT+3 (default: free ports).")]
        public int PortBase { get; init; }

        public override ValidationResult Validate()
        {
            if (Rpc is not null && (!Uri.TryCreate(Rpc, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                return ValidationResult.Error("--rpc must be an http(s) URL");
            }

            if (DataDirectory is not null && Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
            {
                return ValidationResult.Error("--data must name an empty or new folder (the demo deploys a fresh chain state)");
            }

            if (Web && (Rpc is not null || PortBase is < 0 or > 65532))
            {
                return ValidationResult.Error("--web runs on the embedded ledger (no --rpc) and --port-base must be 0..65532");
            }

            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = Path.GetFullPath(settings.DataDirectory ?? Path.Combine(Path.GetTempPath(), "emrshare-demo-" + Guid.NewGuid().ToString("N")[..8]));
        PrivateFiles.CreateDirectory(data);
        var console = AnsiConsole.Console;
        if (settings.Web)
        {
            console.MarkupLine($"data folder: {Markup.Escape(data)}");
            return await DemoWebRunner.RunAsync(console, data, settings.PortBase, cancellationToken).ConfigureAwait(false);
        }

        await using var chain = await DemoChain.OpenAsync(data, settings.Rpc is null ? null : new Uri(settings.Rpc), settings.ChainId, cancellationToken).ConfigureAwait(false);
        console.MarkupLine($"[bold]EmrShare demo[/] — chain: {Markup.Escape(chain.Description)}");
        console.MarkupLine($"data folder: {Markup.Escape(data)}");
        var clock = Stopwatch.StartNew();
        try
        {
            if (settings.Rpc is not null && await chain.UnfundedAccountsAsync(1m, cancellationToken).ConfigureAwait(false) is { } unfunded)
            {
                console.MarkupLine($"[red]demo refused:[/] {Markup.Escape(unfunded)}");
                return Shared.ExitCodes.Refused;
            }

            var code = await new DemoScenario(console, chain, data).RunAsync(cancellationToken).ConfigureAwait(false);
            console.MarkupLine($"finished in {clock.Elapsed.TotalSeconds:F1} s");
            return code;
        }
        catch (Exception ex) when (ex is Nodes.NodeException or Core.EmrShareSecurityException or Chain.ContractRevertedException or HttpRequestException)
        {
            console.MarkupLine($"[red]demo failed:[/] {Markup.Escape(ex.GetType().Name)}: {Markup.Escape(ex.Message)}");
            return 2;
        }
    }
}
