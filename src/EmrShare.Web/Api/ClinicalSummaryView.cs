using EmrShare.Fhir.Records;

namespace EmrShare.Web.Api;

/// <summary>One readable line of a record (diagnosis, result, medication, ...), as dashboards render it.</summary>
public sealed record ClinicalLine(string Category, string ResourceType, string? Code, string? CodeSystem, string? Display, string? Text, string? Date, string? Value);

/// <summary>
/// The readable summary of a FHIR record (the "diagnosis summary"): resource counts, clinical lines and the
/// covered dates, derived by the Fhir layer's <see cref="ClinicalSummaryBuilder"/> from the resource itself.
/// </summary>
public sealed record ClinicalSummaryView(
    string RootType,
    IReadOnlyDictionary<string, int> ResourceCounts,
    IReadOnlyList<ClinicalLine> Lines,
    IReadOnlyList<string> Diagnoses,
    string? EarliestDate,
    string? LatestDate)
{
    public static ClinicalSummaryView Of(ClinicalSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var lines = summary.Entries.Select(e => new ClinicalLine(
            e.Category.ToString(), e.ResourceType, e.Code?.Code, e.Code?.SystemLabel, e.Code?.Display, e.Text, e.Date, e.Value)).ToList();
        var diagnoses = summary.Diagnoses.Select(d => d.Code?.Display ?? d.Text ?? d.Code?.Code ?? "diagnosis").ToList();
        return new ClinicalSummaryView(summary.RootType, summary.ResourceCounts, lines, diagnoses, summary.EarliestDate, summary.LatestDate);
    }
}
