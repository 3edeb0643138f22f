using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Chain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center fund</c>: sends ether from the Center key, e.g. gas for a hospital's account on the
/// embedded chain (where the Center holds all the money).
/// </summary>
public sealed class CenterFundCommand : ActorCommand<CenterFundCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--address <ADDR>")]
        [Description("Account to fund.")]
        public string? Address { get; init; }

        [CommandOption("--ether <AMOUNT>")]
        [Description("Amount in ether (default 10).")]
        [DefaultValue(10.0)]
        public decimal Ether { get; init; } = 10m;

        public override ValidationResult Validate() =>
            Address is null ? ValidationResult.Error("--address is required")
            : Ether <= 0 ? ValidationResult.Error("--ether must be positive")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var to = Args.Address(settings.Address!, "--address");
        var deployment = await settings.LoadDeploymentAsync(cancellationToken).ConfigureAwait(false);
        var key = await Keystores.OpenExisting(settings).LoadAsync(CenterSession.KeyName, settings.Passphrase(), cancellationToken).ConfigureAwait(false);
        var web3 = deployment.Access(settings.RpcUrl).Connect(Core.HexBytes.ToHex(Core.Crypto.PrivateKeys.ToBytes32(key)));
        Output.Transaction("fund", await ChainAccess.TransferAsync(web3, to.ToString(), settings.Ether, cancellationToken).ConfigureAwait(false));
        return ExitCodes.Ok;
    }
}
