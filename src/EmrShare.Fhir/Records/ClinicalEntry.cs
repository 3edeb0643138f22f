namespace EmrShare.Fhir.Records;

/// <summary>What a summary line is about; the wallet groups lines by it.</summary>
public enum ClinicalCategory
{
    Encounter,
    Diagnosis,
    Allergy,
    Medication,
    Result,
    Report,
    Procedure,
    Immunization,
    Document,
}

/// <summary>
/// One clinical fact of a record as the patient wallet lists it: what (code or text), when (FHIR date as
/// given, partial precision kept) and, for results, the value with its unit.
/// </summary>
public sealed record ClinicalEntry(
    ClinicalCategory Category,
    string ResourceType,
    ClinicalCode? Code,
    string? Text,
    string? Date,
    string? Value);
