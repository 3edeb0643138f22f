namespace EmrShare.Fhir.Records;

/// <summary>A coded concept exactly as the source gave it (system URI, code, display), kept for summaries.</summary>
public sealed record ClinicalCode(string? System, string Code, string? Display)
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";
    public const string Ucum = "http://unitsofmeasure.org";

    /// <summary>Short, readable name of well-known code systems.</summary>
    public string SystemLabel => System switch
    {
        Loinc => "LOINC",
        Snomed => "SNOMED CT",
        Icd10 or "http://hl7.org/fhir/sid/icd-10-cm" => "ICD-10",
        "http://www.nlm.nih.gov/research/umls/rxnorm" => "RxNorm",
        "http://hl7.org/fhir/sid/cvx" => "CVX",
        null => "no system",
        _ => System,
    };

    public override string ToString() => Display is null ? $"{Code} [{SystemLabel}]" : $"{Code} {Display} [{SystemLabel}]";
}
