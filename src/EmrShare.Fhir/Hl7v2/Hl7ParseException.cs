using EmrShare.Core.Errors;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// A malformed or unmappable HL7 v2 message. <see cref="SegmentIndex"/> is 1-based (0 = the message as a whole),
/// <see cref="Field"/> is the HL7 field reference such as <c>PID-3</c> (empty when not field-specific).
/// </summary>
[ErrorKind(ErrorKind.Unprocessable)]
public sealed class Hl7ParseException : EmrFormatException
{
    public Hl7ParseException(int segmentIndex, string field, string reason)
        : base(BuildMessage(segmentIndex, field, reason))
    {
        SegmentIndex = segmentIndex;
        Field = field;
        Reason = InputRedaction.Redact(reason);
    }

    public int SegmentIndex { get; }

    public string Field { get; }

    public string Reason { get; }

    public override string Format => "hl7v2";

    private static string BuildMessage(int segmentIndex, string field, string reason)
    {
        var where = segmentIndex == 0 ? "message" : $"segment {segmentIndex}";
        return field.Length == 0 ? $"HL7 v2 {where}: {reason}" : $"HL7 v2 {where}, {field}: {reason}";
    }
}
