using System.Text.Json.Serialization;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Demographics;

/// <summary>One identifier of a patient (system may be empty when the sender named none).</summary>
public sealed record PatientIdentifier(string System, string Value);

/// <summary>
/// Who a record is about, as the record itself says (its Patient resource, which the HL7 and C-CDA adapters build
/// from PID / recordTarget): names, birth date, administrative sex and identifiers. A hospital keeps the chart's
/// copy locally (sealed at rest), never on chain, and compares every incoming record with it
/// (<see cref="DemographicsMatcher"/>) so one person's data cannot be filed into another's chart.
/// </summary>
public sealed record PatientDemographics
{
    /// <summary>Family names, each as written ("Rivera", "van der Berg").</summary>
    public IReadOnlyList<string> FamilyNames { get; init; } = [];

    /// <summary>First given name of each name, as written.</summary>
    public IReadOnlyList<string> GivenNames { get; init; } = [];

    /// <summary>FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) or null.</summary>
    public string? BirthDate { get; init; }

    /// <summary>FHIR administrative gender code (male, female, other, unknown) or null.</summary>
    public string? Gender { get; init; }

    public IReadOnlyList<PatientIdentifier> Identifiers { get; init; } = [];

    [JsonIgnore]
    public bool IsEmpty => FamilyNames.Count == 0 && GivenNames.Count == 0 && BirthDate is null && Gender is null && Identifiers.Count == 0;

    /// <summary>The demographics of one Patient resource.</summary>
    public static PatientDemographics Of(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return new PatientDemographics
        {
            FamilyNames = [.. patient.Name.Select(n => n.Family).OfType<string>().Where(f => f.Trim().Length > 0).Distinct(StringComparer.Ordinal)],
            GivenNames = [.. patient.Name.Select(n => n.Given.FirstOrDefault()).OfType<string>().Where(g => g.Length > 0).Distinct(StringComparer.Ordinal)],
            BirthDate = patient.BirthDate,
            Gender = patient.Gender?.ToString().ToLowerInvariant(),
            Identifiers = [.. patient.Identifier.Where(i => !string.IsNullOrWhiteSpace(i.Value)).Select(i => new PatientIdentifier(i.System ?? string.Empty, i.Value!)).Distinct()],
        };
    }

    /// <summary>Every Patient a record carries: the resource itself or the entries of a Bundle (nested ones too).</summary>
    public static IReadOnlyList<PatientDemographics> FoundIn(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var found = new List<PatientDemographics>();
        Collect(resource, found);
        return found;
    }

    private static void Collect(Resource resource, List<PatientDemographics> found)
    {
        switch (resource)
        {
            case Patient patient:
                found.Add(Of(patient));
                break;
            case Bundle bundle:
                foreach (var entryResource in bundle.Entry.Select(e => e.Resource).OfType<Resource>())
                {
                    Collect(entryResource, found);
                }

                break;
        }
    }
}
