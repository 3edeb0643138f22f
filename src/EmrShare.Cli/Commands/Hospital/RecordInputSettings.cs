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

    public override ValidationResult Validate() =>
        File is null ? ValidationResult.Error("--file is required")
        : Practitioner < 0 ? ValidationResult.Error("--practitioner must be ≥ 0")
        : base.Validate();
}
