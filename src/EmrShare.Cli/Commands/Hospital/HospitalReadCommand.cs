using System.ComponentModel;
using System.Security.Cryptography;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital read</c>: decrypts the newest version of a record held here into a file (never to the
/// console or a log: it is PHI) and prints its version, content type and SHA-256.
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

        public override ValidationResult Validate() =>
            Record is null || Out is null ? ValidationResult.Error("--record and --out are required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var record = Args.Record(settings.Record!, "--record");
        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var content = await session.Service.ReadRecordAsync(record, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(settings.Out!, content.Content, cancellationToken).ConfigureAwait(false);
        Output.Field("record", content.RecordId);
        Output.Field("version", content.Version);
        Output.Field("content-type", content.ContentType);
        Output.Field("sha256", Convert.ToHexStringLower(SHA256.HashData(content.Content)));
        Output.Field("written", settings.Out);
        return ExitCodes.Ok;
    }
}
