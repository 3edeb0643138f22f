using System.ComponentModel;
using EmrShare.Cli.Commands.Serve;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Wallet;

/// <summary><c>emrshare wallet serve --config FILE</c>: the self-hosted patient wallet (<see cref="WalletHost"/>).</summary>
public sealed class WalletServeCommand : ActorCommand<WalletServeCommand.Settings>
{
    public sealed class Settings : CommandSettings, IServeSettings
    {
        [CommandOption("--config <FILE>")]
        [Description(ServeOptionText.Config + " Required.")]
        public string? Config { get; init; }

        [CommandOption("--insecure-http")]
        [Description(ServeOptionText.InsecureHttp)]
        public bool InsecureHttp { get; init; }

        [CommandOption("--force-insecure-http")]
        [Description(ServeOptionText.ForceInsecureHttp)]
        public bool ForceInsecureHttp { get; init; }

        public override ValidationResult Validate() =>
            Config is null ? ValidationResult.Error("--config <FILE> is required (see samples/deploy/wallet.json)") : ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var code = await WalletHost.RunAsync(settings, cancellationToken).ConfigureAwait(false);
        Output.Field("stopped", "clean shutdown"); // after the web app and the wallet's databases are closed
        return code;
    }
}
