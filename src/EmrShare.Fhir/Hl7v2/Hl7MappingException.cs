using EmrShare.Core.Errors;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>A FHIR resource that cannot be expressed as the requested HL7 v2 message.</summary>
[ErrorKind(ErrorKind.Unprocessable)]
public sealed class Hl7MappingException(string message) : EmrFormatException(message)
{
    public override string Format => "hl7v2";
}
