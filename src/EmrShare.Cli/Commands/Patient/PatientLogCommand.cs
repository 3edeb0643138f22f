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
            Output.Field("event", e.Kind == Chain.PatientAuditKind.BreakGlassAccessed
                ? string.Create(CultureInfo.InvariantCulture,
                    $"block {e.BlockNumber} EMERGENCY ACCESS by hospital {e.Counterparty ?? "-"} ({Reason(e.Code)}) to record {e.RecordId?.ToString() ?? "-"} held at {item.Hospital} tx {e.TransactionHash}")
                : string.Create(CultureInfo.InvariantCulture,
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

    /// <summary>Break-glass reason codes (docs/interfaces.md).</summary>
    private static string Reason(ushort? code) => code switch
    {
        1 => "patient unconscious",
        2 => "life-threatening emergency",
        3 => "other emergency",
        _ => "reason " + code?.ToString(CultureInfo.InvariantCulture),
    };
}
