using EmrShare.Cli.Commands.Serve;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;

namespace EmrShare.Cli.Commands.Wallet;

/// <summary><c>emrshare wallet serve --config FILE</c>: the self-hosted patient wallet (<see cref="WalletHost"/>).</summary>
public sealed class WalletServeCommand : ActorCommand<WalletServeCommand.Settings>
{
    /// <summary>Only <c>--config</c> mode: the wallet has no command-line mode.</summary>
    public sealed class Settings : ServeSettings
    {
        public override ValidationResult Validate() => Config is null
            ? ValidationResult.Error("--config <FILE> is required (see samples/deploy/wallet.json)")
            : ValidateServe(ValidationResult.Success);
    }

    protected override Task<int> RunAsync(Settings settings, CancellationToken cancellationToken) =>
        WalletHost.RunAsync(settings, cancellationToken);
}
