using System.ComponentModel;
using System.Security.Cryptography;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// <c>emrshare patient enrol</c>: writes the registration request for the Center — identity commitment under a
/// fresh salt (kept in the wallet folder to prove the identity later), one pseudonym per hospital, the index account,
/// and per pseudonym a proof of possession for the deployment's chain and Registry (the Center refuses requests without).
/// </summary>
public sealed class PatientEnrolCommand : ActorCommand<PatientEnrolCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--hospitals <ADDRS>")]
        [Description("Comma-separated addresses of the hospitals the patient will use. Required.")]
        public string? Hospitals { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write the request (hand it to the Center). Required.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Hospitals) || Out is null ? ValidationResult.Error("--hospitals and --out are required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var hospitals = Args.List(settings.Hospitals, Args.Address, "--hospitals");
        using var identity = await PatientSession.LoadIdentityAsync(settings, null, cancellationToken).ConfigureAwait(false);
        var salt = await IdentitySaltAsync(settings.Data, cancellationToken).ConfigureAwait(false);
        // The proofs of possession are bound to the chain and Registry the Center enrols on (from the deployment file).
        var deployment = await settings.LoadDeploymentAsync(cancellationToken).ConfigureAwait(false);
        var request = PatientRegistrationRequest.Prove(identity, hospitals, salt, (ulong)deployment.ChainId, ChainAddress.Parse(deployment.Contracts.Registry), TimeProvider.System);
        await request.SaveAsync(settings.Out!, cancellationToken).ConfigureAwait(false);
        Output.Field("pseudonyms", request.Pseudonyms.Count);
        Output.Field("index-account", request.IndexAccount);
        Output.Field("request", Path.GetFullPath(settings.Out!));
        return ExitCodes.Ok;
    }

    /// <summary>One salt per wallet: enrolling again (more hospitals) yields the same identity commitment.</summary>
    private static async Task<Hash32> IdentitySaltAsync(string data, CancellationToken cancellationToken)
    {
        var path = Path.Combine(data, "identity-salt.txt");
        if (File.Exists(path))
        {
            return Hash32.Parse((await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim());
        }

        var salt = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));
        await File.WriteAllTextAsync(path, salt.ToString(), cancellationToken).ConfigureAwait(false);
        return salt;
    }
}
