using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>Options of the commands that write a record version: the input file, its format and who signs it.</summary>
public class RecordInputSettings : HospitalSettings
{
    [CommandOption("--file <FILE>")]
    [Description("The record: FHIR JSON/XML, HL7 v2 (.hl7) or C-CDA (.cda). Required.")]
    public string? File { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("Format when the extension does not tell: fhir+json, fhir+xml, hl7v2, ccda, csv.")]
    public string? Format { get; init; }

    [CommandOption("--csv-mapping <FILE>")]
    [Description("This hospital's column mapping (JSON) for --format csv, e.g. samples/csv/legacy-general.mapping.json.")]
    public string? CsvMapping { get; init; }

    [CommandOption("--practitioner <INDEX>")]
    [Description("Which of this hospital's practitioners signs the manifest (default 0).")]
    [DefaultValue(0)]
    public int Practitioner { get; init; }

    [CommandOption("--override-patient-mismatch <REASON>")]
    [Description("File the record although its patient's name, birth date, sex or identifiers differ from the chart's; the reason is audited.")]
    public string? OverridePatientMismatch { get; init; }

    /// <summary>The audited override, when one was given.</summary>
    public Nodes.Hospital.DemographicsOverride? DemographicsOverride =>
        OverridePatientMismatch is { } reason ? new(reason) : null;

    public override ValidationResult Validate() =>
        File is null ? ValidationResult.Error("--file is required")
        : OverridePatientMismatch is { } reason && string.IsNullOrWhiteSpace(reason) ? ValidationResult.Error("--override-patient-mismatch needs a reason")
        : Practitioner < 0 ? ValidationResult.Error("--practitioner must be ≥ 0")
        : base.Validate();
}
