using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Core.Identity;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Patient;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// <c>emrshare patient revoke</c>: signs <c>Revoke(grantId)</c> with the custodian pseudonym and writes it to a
/// file for a relay — <c>emrshare center relay-revoke --file</c> — because the pseudonym holds no gas and the
/// Center's key lives only in the Center's process. The chain checks the signature, so any relay will do.
/// </summary>
public sealed class PatientRevokeCommand : ActorCommand<PatientRevokeCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--grant <ID>")]
        [Description("The grant id (from 'patient grant'). Required.")]
        public string? Grant { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write the signed revocation for the relay. Required.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Grant is null || Out is null ? ValidationResult.Error("--grant and --out are required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var grantId = Args.Hash(settings.Grant!, "--grant");
        var deployment = await settings.LoadDeploymentAsync(cancellationToken).ConfigureAwait(false);
        using var identity = await PatientSession.LoadIdentityAsync(settings, null, cancellationToken).ConfigureAwait(false);
        var grant = (await GivenGrantsOf(identity, settings.Data, cancellationToken).ConfigureAwait(false)).Find(grantId).Grant;
        var domain = Eip712Domain.AccessControl((ulong)deployment.ChainId, ChainAddress.Parse(deployment.Contracts.AccessControl));
        var revocation = SignedRevocation.Sign(domain, grant.Grantee, grant.GrantId, grant.Scope, identity.PseudonymKey(grant.Custodian));
        await revocation.SaveAsync(settings.Out!, cancellationToken).ConfigureAwait(false);
        Output.Field("revocation", Path.GetFullPath(settings.Out!));
        Output.Field("next", "have it relayed: emrshare center relay-revoke --file <that file>");
        return ExitCodes.Ok;
    }

    /// <summary>The wallet's given grants, opened with the key derived from the master secret (no chain needed).</summary>
    private static async Task<GivenGrants> GivenGrantsOf(PatientIdentity identity, string data, CancellationToken cancellationToken)
    {
        var secret = identity.ExportMasterSecret();
        try
        {
            return await GivenGrants.OpenAsync(Path.Combine(data, "grants.bin"), GivenGrants.DeriveKey(secret), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        }
    }
}
