using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center relay-revoke</c>: submits a patient-signed revocation (the file <c>patient revoke</c> wrote)
/// from the Center's account, so the patient's pseudonym needs no gas. The contract verifies the signature.
/// </summary>
public sealed class CenterRelayRevokeCommand : ActorCommand<CenterRelayRevokeCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--file <FILE>")]
        [Description("The signed revocation from 'patient revoke --out FILE'.")]
        public string? File { get; init; }

        public override ValidationResult Validate() =>
            File is null ? ValidationResult.Error("--file is required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var revocation = await SignedRevocation.LoadAsync(settings.File!, cancellationToken).ConfigureAwait(false);
        var center = await CenterSession.AttachAsync(settings, cancellationToken).ConfigureAwait(false);
        var receipt = await center.RelayRevocationAsync(revocation.Grant, revocation.Signature, cancellationToken).ConfigureAwait(false);
        Output.Field("revoked", revocation.GrantId);
        Output.Transaction("relay-revoke", receipt);
        return ExitCodes.Ok;
    }
}
