using EmrShare.Core;
using EmrShare.Core.Errors;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// A clinician's request to file a quarantined emergency copy (<see cref="HospitalService.FileQuarantinedEmergencyAsync"/>).
/// Review (break-glass fix 1): the chart is the one the clinician files into now, which may be a corrected chart
/// number; the record and custodian, when given, must be those of the held copy. Nothing given is ignored.
/// </summary>
/// <param name="QuarantineId">The id the refusal named.</param>
/// <param name="LocalPatientId">The chart to file into; null = the chart of the original request.</param>
/// <param name="RecordId">When given, must equal the held copy's record.</param>
/// <param name="Custodian">When given, must equal the held copy's custodian.</param>
/// <param name="Override">The override reason: required when the copy's patient does not match the chart.</param>
public sealed record QuarantineFiling(string QuarantineId, string? LocalPatientId, RecordId? RecordId, ChainAddress? Custodian, DemographicsOverride? Override);

/// <summary>A quarantined copy was asked to be filed with another record or custodian than the one held: 409, nothing filed.</summary>
[ErrorKind(ErrorKind.Conflict)]
public sealed class QuarantineFilingMismatchException : NodeException
{
    public QuarantineFilingMismatchException(string field)
        : base($"the held-back copy has another {field} than the one given: request the record again for that {field}")
    {
        Field = field;
    }

    public QuarantineFilingMismatchException()
        : this("record")
    {
    }

    public QuarantineFilingMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "record";
    }

    public string Field { get; }
}
