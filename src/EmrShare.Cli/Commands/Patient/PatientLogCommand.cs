using System.ComponentModel;
using System.Globalization;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// <c>emrshare patient log</c>: who did what with this patient's grants and records, from the chain's events for
/// the pseudonyms at the hospitals in the index; optionally exported as a FHIR AuditEvent Bundle.
/// </summary>
public sealed class PatientLogCommand : ActorCommand<PatientLogCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--fhir-out <FILE>")]
        [Description("Also write the log as a FHIR R4 AuditEvent Bundle (JSON) to this file.")]
        public string? FhirOut { get; init; }
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        using var session = await PatientSession.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        var log = await session.Wallet.GetAccessLogAsync(cancellationToken).ConfigureAwait(false);
        foreach (var item in log)
        {
            var e = item.Entry;
            Output.Field("event", string.Create(CultureInfo.InvariantCulture,
                $"block {e.BlockNumber} {e.Kind} at {item.Hospital} by {e.Counterparty ?? "-"} grant {e.GrantId?.ToString() ?? "-"} record {e.RecordId?.ToString() ?? "-"} tx {e.TransactionHash}"));
        }

        Output.Field("count", log.Count);
        if (settings.FhirOut is not null)
        {
            await File.WriteAllTextAsync(settings.FhirOut, await session.Wallet.ExportAuditAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            Output.Field("fhir", Path.GetFullPath(settings.FhirOut));
        }

        return ExitCodes.Ok;
    }
}
