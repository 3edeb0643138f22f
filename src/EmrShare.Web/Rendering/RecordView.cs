namespace EmrShare.Web.Rendering;

/// <summary>
/// A FHIR record as a clinician or patient reads it: one list per kind of fact, already formatted as text, so the
/// pages only lay it out. Resource types the renderer does not know are still listed (type + id) — nothing in the
/// record is silently hidden.
/// </summary>
public sealed record RecordView(
    string RootType,
    IReadOnlyList<PatientView> Patients,
    IReadOnlyList<EncounterView> Encounters,
    IReadOnlyList<ConditionView> Conditions,
    IReadOnlyList<ObservationView> Observations,
    IReadOnlyList<ReportView> Reports,
    IReadOnlyList<MedicationView> Medications,
    IReadOnlyList<OtherResourceView> Others)
{
    public int Count => Patients.Count + Encounters.Count + Conditions.Count + Observations.Count + Reports.Count + Medications.Count + Others.Count;
}

/// <summary>Patient demographics.</summary>
public sealed record PatientView(string Name, string? Gender, string? BirthDate, IReadOnlyList<string> Identifiers);

/// <summary>A visit: class, type, status and period.</summary>
public sealed record EncounterView(string Type, string? Class, string? Status, string? Period);

/// <summary>A diagnosis or problem with its clinical status and onset.</summary>
public sealed record ConditionView(string Code, string? ClinicalStatus, string? Onset, string? Severity);

/// <summary>A result: what, value with unit, reference range, interpretation flag and when.</summary>
public sealed record ObservationView(string Code, string? Value, string? ReferenceRange, string? Interpretation, string? Status, string? Effective)
{
    /// <summary>True when the interpretation code says the value is outside the reference range (H, L, A, HH, LL…).</summary>
    public bool Abnormal => Interpretation is { Length: > 0 } flag && !flag.StartsWith('N');
}

/// <summary>A diagnostic report: code, status, issue time, conclusion and how many results it groups.</summary>
public sealed record ReportView(string Code, string? Status, string? Issued, string? Conclusion, int ResultCount);

/// <summary>A prescription: medication, dosage text, status, authored date.</summary>
public sealed record MedicationView(string Medication, string? Dosage, string? Status, string? AuthoredOn);

/// <summary>Any other resource: its type and id.</summary>
public sealed record OtherResourceView(string ResourceType, string? Id);
