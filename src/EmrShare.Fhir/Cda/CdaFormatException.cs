using EmrShare.Core.Errors;

namespace EmrShare.Fhir.Cda;

/// <summary>A C-CDA document that is not readable or lacks what the mapping needs; <see cref="Location"/> is a path in the document.</summary>
[ErrorKind(ErrorKind.Unprocessable)]
public sealed class CdaFormatException(string location, string reason)
    : EmrFormatException(location.Length == 0 ? $"C-CDA: {reason}" : $"C-CDA {location}: {reason}")
{
    public string Location { get; } = location;

    public string Reason { get; } = InputRedaction.Redact(reason);

    public override string Format => "ccda";
}
