using System.ComponentModel;
using System.Security.Cryptography;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Hospital;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital read</c>: decrypts the newest version of a record held here into a file (never to the
/// console or a log: it is PHI) and prints its version, content type and SHA-256. It reads as one of this
/// hospital's practitioners through the node's read gate: audited, and only with a care relationship (recent
/// check-in or assignment of <c>cli:&lt;practitioner address&gt;</c>) or with <c>--break-glass</c> and a reason.
/// </summary>
public sealed class HospitalReadCommand : ActorCommand<HospitalReadCommand.Settings>
{
    public sealed class Settings : HospitalSettings
    {
        [CommandOption("--record <ID>")]
        [Description("The record to read. Required.")]
        public string? Record { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write the decrypted record. Required.")]
        public string? Out { get; init; }

        [CommandOption("--practitioner <INDEX>")]
        [Description("Which of this hospital's practitioners reads (default 0); the read is audited under its address.")]
        [DefaultValue(0)]
        public int Practitioner { get; init; }

        [CommandOption("--break-glass <REASON>")]
        [Description("Emergency read without a care relationship, logged on chain first: 1 unconscious, 2 life-threatening, 3 other.")]
        public int? BreakGlass { get; init; }

        public override ValidationResult Validate() =>
            Record is null || Out is null ? ValidationResult.Error("--record and --out are required")
            : Practitioner < 0 ? ValidationResult.Error("--practitioner must be ≥ 0")
            : BreakGlass is not (null or (>= 1 and <= 3)) ? ValidationResult.Error("--break-glass must be 1, 2 or 3")
            : base.Validate();
    }

    protected override bool TalksToNode => true;

    protected override Task<int> RunOnNodeAsync(Settings settings, CancellationToken cancellationToken)
    {
        var record = Args.Record(settings.Record!, "--record");
        return settings.Practitioner != 0
            ? throw new CliUsageException("--practitioner cannot be used with --node: the token's account reads, under its own name and practitioner key")
            : HospitalNodeCalls.ReadAsync(settings, record.ToString(), settings.Out!, settings.BreakGlass, cancellationToken);
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var record = Args.Record(settings.Record!, "--record");

        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var reader = CliReader(session.Service, settings.Practitioner, "cli hospital read", (ushort?)settings.BreakGlass);
        var read = await session.Service.Reader.ReadAsync(record, reader, cancellationToken).ConfigureAwait(false);
        var content = read.Record;
        await File.WriteAllBytesAsync(settings.Out!, content.Content, cancellationToken).ConfigureAwait(false);
        Output.Field("record", content.RecordId);
        Output.Field("version", content.Version);
        Output.Field("content-type", content.ContentType);
        Output.Field("sha256", Convert.ToHexStringLower(SHA256.HashData(content.Content)));
        Output.Field("basis", read.Basis);
        if (read.Logged is { } logged)
        {
            Output.Transaction("logged", logged);
        }

        Output.Field("written", settings.Out);
        return ExitCodes.Ok;
    }

    /// <summary>The command line reads as practitioner <paramref name="index"/>, named <c>cli:&lt;address&gt;</c> in the audit and in assignments.</summary>
    internal static RecordReadRequest CliReader(HospitalService hospital, int index, string route, ushort? breakGlassReason = null)
    {
        var practitioner = HospitalCreateRecordCommand.PractitionerOf(hospital, index);
        return new RecordReadRequest("cli:" + practitioner.Lower, StaffRole.Clinician, route, practitioner, breakGlassReason);
    }
}
