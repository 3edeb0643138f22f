namespace EmrShare.Web.Rendering;

/// <summary>
/// A FHIR record as a clinician or patient reads it: one list per kind of fact, already formatted as text, so the
/// pages only lay it out. Resource types the renderer does not know are still listed (type + id) — nothing in the
/// record is silently hidden.
/// </summary>
public sealed record RecordView(
    string RootType,
    IReadOnlyList<PatientView> Patients,
    IReadOnlyList<AllergyView> Allergies,
    IReadOnlyList<EncounterView> Encounters,
    IReadOnlyList<ConditionView> Conditions,
    IReadOnlyList<ObservationView> Observations,
    IReadOnlyList<ReportView> Reports,
    IReadOnlyList<MedicationView> Medications,
    IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<ClinicalItemView> Items,
    IReadOnlyList<OtherResourceView> Others)
{
    public int Count => Patients.Count + Allergies.Count + Encounters.Count + Conditions.Count + Observations.Count
        + Reports.Sum(r => 1 + r.Results.Count) + Medications.Count + Documents.Count + Items.Count + Others.Count;
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

/// <summary>A diagnostic report: code, status, issue time, conclusion and the results it groups (found in the same record).</summary>
public sealed record ReportView(string Code, string? Status, string? Issued, string? Conclusion, int ResultCount, IReadOnlyList<ObservationView> Results);

/// <summary>A prescription or medication statement: medication, dosage text, status, date.</summary>
public sealed record MedicationView(string Medication, string? Dosage, string? Status, string? AuthoredOn);

/// <summary>
/// An allergy or intolerance. <see cref="NoKnownAllergy"/> marks a recorded "no known allergy" statement, which is a
/// fact of its own and not the same as nothing recorded.
/// </summary>
public sealed record AllergyView(
    string Substance, IReadOnlyList<string> Reactions, string? Criticality, string? ClinicalStatus, string? Verification, string? Category, bool NoKnownAllergy)
{
    public bool HighCriticality => string.Equals(Criticality, "high", StringComparison.Ordinal);
}

/// <summary>A clinical document with its attachments.</summary>
public sealed record DocumentView(string Title, string? Status, string? Date, string? Description, IReadOnlyList<AttachmentView> Attachments);

/// <summary>
/// A document's attachment: plain text is shown inline (<see cref="Text"/>); other inline content is offered as a
/// download (<see cref="DataUri"/>) with its type and size; an external one names where it lives (<see cref="Url"/>).
/// </summary>
public sealed record AttachmentView(string Title, string ContentType, long? Size, string? Text, string? DataUri, string? Url);

/// <summary>
/// One line of a list-like resource (immunization, procedure, care plan, family history, service request,
/// amendment note): what kind, what, status, when, and its details already as text.
/// </summary>
public sealed record ClinicalItemView(string Kind, string Title, string? Status, string? When, IReadOnlyList<string> Details);

/// <summary>Any other resource: its type and id.</summary>
public sealed record OtherResourceView(string ResourceType, string? Id);
