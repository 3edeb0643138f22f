using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Transport;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// <c>emrshare patient grant</c>: visits the grantee hospital, signs an EIP-712 grant with the custodian
/// pseudonym (record-scoped, or all records at the custodian) and hands it over; the grantee submits it on chain.
/// The grant is remembered in the wallet so it can be revoked.
/// </summary>
public sealed class PatientGrantCommand : ActorCommand<PatientGrantCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--at <URL>")]
        [Description("The grantee hospital's endpoint URL. Required.")]
        public string? At { get; init; }

        [CommandOption("--grantee <ADDR>")]
        [Description("The grantee hospital's address. Required.")]
        public string? Grantee { get; init; }

        [CommandOption("--custodian <ADDR>")]
        [Description("The hospital holding the records. Required.")]
        public string? Custodian { get; init; }

        [CommandOption("--records <IDS>")]
        [Description("Comma-separated record ids (default: all the patient's records at the custodian).")]
        public string? Records { get; init; }

        [CommandOption("--expires <DURATION>")]
        [Description("How long the grant lasts, e.g. 7d, 12h, 30m (default 7d).")]
        [DefaultValue("7d")]
        public string Expires { get; init; } = "7d";

        public override ValidationResult Validate() =>
            At is null || Grantee is null || Custodian is null ? ValidationResult.Error("--at, --grantee and --custodian are required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var url = Urls.Parse(settings.At!, "--at");
        var grantee = Args.Address(settings.Grantee!, "--grantee");
        var custodian = Args.Address(settings.Custodian!, "--custodian");
        var records = Args.List(settings.Records, Args.Record, "--records");
        var expiry = DateTimeOffset.UtcNow + Args.Duration(settings.Expires, "--expires");
        using var session = await PatientSession.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        using var visit = await session.Wallet.BeginVisitAsync(new HttpHospitalEndpoint(session.Http, url), grantee, cancellationToken).ConfigureAwait(false);
        var grant = await session.Wallet.GrantAsync(visit, custodian, records, expiry, cancellationToken, grantee).ConfigureAwait(false);
        Output.Field("grant", grant.GrantId);
        Output.Field("grantee", grant.Grantee);
        Output.Field("expires", expiry.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        Output.Transaction("grant", grant.TransactionHash, grant.GasUsed);
        return ExitCodes.Ok;
    }
}
