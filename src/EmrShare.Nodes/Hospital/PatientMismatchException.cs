using EmrShare.Core.Errors;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// A record names another person than the chart it is filed into (name, birth date, sex or identifier differ).
/// Lists the fields, never their values. Filed anyway only with an explicit override and a reason (audited).
/// </summary>
[ErrorKind(ErrorKind.Conflict)]
public sealed class PatientMismatchException : NodeException
{
    public PatientMismatchException(IReadOnlyList<string> fields)
        : base($"the record's patient does not match this chart ({string.Join(", ", fields)} differ); check that this is the right patient, " +
            "or file it anyway with an explicit override and a reason")
    {
        Fields = fields;
    }

    public PatientMismatchException()
        : this([])
    {
    }

    public PatientMismatchException(string message)
        : base(message)
    {
        Fields = [];
    }

    public PatientMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Fields = [];
    }

    public IReadOnlyList<string> Fields { get; }

    /// <summary>
    /// For an emergency copy: the id of the copy kept in quarantine (still encrypted, in no chart), to file it with an
    /// override reason without asking the custodian again (<see cref="HospitalService.FileQuarantinedEmergencyAsync"/>).
    /// </summary>
    public string? QuarantineId { get; init; }
}

/// <summary>A clinician's decision to file a record although its patient does not match the chart.</summary>
/// <param name="Reason">Why (required, kept in the local override log, never on chain).</param>
public sealed record DemographicsOverride(string Reason);
