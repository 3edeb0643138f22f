namespace EmrShare.Fhir.Codec;

/// <summary>
/// Which resource types a FHIR input may contain. EmrShare stores clinical records; terminology and
/// conformance resources (ValueSet, StructureDefinition…) are not records and are refused by default.
/// </summary>
public sealed record FhirRecordPolicy
{
    /// <summary>The clinical types records are made of (issue 6/8), plus Bundle as their container.</summary>
    public static readonly IReadOnlySet<string> ClinicalTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Patient", "Encounter", "Condition", "Observation", "DiagnosticReport", "MedicationRequest",
        "DocumentReference", "AllergyIntolerance", "Procedure", "Immunization", "Bundle",
    };

    /// <summary>
    /// Resources real clinical documents (e.g. an International Patient Summary) carry alongside the clinical
    /// ones: the document header and the people, organisations and things the clinical entries point at.
    /// </summary>
    public static readonly IReadOnlySet<string> SupportingTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Composition", "Practitioner", "PractitionerRole", "Organization", "Location", "Medication",
        "MedicationStatement", "Specimen", "Device", "DeviceUseStatement", "Flag", "ImagingStudy",
        "RelatedPerson", "Provenance", "CarePlan", "Consent", "Goal", "ClinicalImpression",
    };

    /// <summary>
    /// What hospitals exchange: every R4 resource type that validates (issue 16 item 4 — real documents carry
    /// ServiceRequest, FamilyMemberHistory, List, Task, MedicationAdministration and more, and an allow-list
    /// refused them). <see cref="ClinicalTypes"/>/<see cref="SupportingTypes"/> only say which types the summary
    /// renders specially. There is no exclusion: the one size rule (request body limit) applies to whole records.
    /// </summary>
    public static FhirRecordPolicy Clinical { get; } = new() { AcceptedTypes = null };

    /// <summary>Any R4 resource type; only structural and Bundle rules apply (used for codec round trips).</summary>
    public static FhirRecordPolicy AnyType { get; } = new() { AcceptedTypes = null, AllowsUncodedFindings = true };

    /// <summary>Null = every resource type known to FHIR R4.</summary>
    public IReadOnlySet<string>? AcceptedTypes { get; init; }

    /// <summary>Why types outside <see cref="AcceptedTypes"/> are refused; named in every EMR003 issue.</summary>
    public string ExclusionReason { get; init; } = "this node's policy accepts only the listed record types";

    /// <summary>When set, every <c>urn:uuid:</c> reference inside a Bundle must point at one of its entries.</summary>
    public bool RequireResolvableUuidReferences { get; init; } = true;

    /// <summary>When false (clinical records), a Condition or AllergyIntolerance must carry a code.</summary>
    public bool AllowsUncodedFindings { get; init; }

    public bool Accepts(string resourceType) => AcceptedTypes is null || AcceptedTypes.Contains(resourceType);
}
