using System.Globalization;
using System.Text;

namespace EmrShare.Fhir.Records;

/// <summary>
/// Renders a summary as plain text (no HTML, so the web UI can show it in any element without escaping
/// concerns beyond its own). Groups entries by category in a fixed order.
/// </summary>
public static class ClinicalSummaryRenderer
{
    private static readonly (ClinicalCategory Category, string Heading)[] Sections =
    [
        (ClinicalCategory.Diagnosis, "Diagnoses"),
        (ClinicalCategory.Allergy, "Allergies"),
        (ClinicalCategory.Medication, "Medications"),
        (ClinicalCategory.Report, "Reports"),
        (ClinicalCategory.Result, "Results"),
        (ClinicalCategory.Procedure, "Procedures"),
        (ClinicalCategory.Immunization, "Immunizations"),
        (ClinicalCategory.Encounter, "Encounters"),
        (ClinicalCategory.Document, "Documents"),
    ];

    public static string Render(ClinicalSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var sb = new StringBuilder();
        var total = summary.ResourceCounts.Values.Sum();
        sb.Append(CultureInfo.InvariantCulture, $"{summary.RootType} with {total} resource(s): ");
        sb.AppendLine(string.Join(", ", summary.ResourceCounts.Select(kv => $"{kv.Key} x{kv.Value}")));
        if (summary.EarliestDate is not null)
        {
            sb.AppendLine(summary.EarliestDate == summary.LatestDate
                ? $"Date: {summary.EarliestDate}"
                : $"Dates: {summary.EarliestDate} to {summary.LatestDate}");
        }

        foreach (var (category, heading) in Sections)
        {
            var lines = summary.Entries.Where(e => e.Category == category).ToList();
            if (lines.Count == 0)
            {
                continue;
            }

            sb.AppendLine(CultureInfo.InvariantCulture, $"{heading}:");
            foreach (var entry in lines)
            {
                sb.AppendLine("  - " + Line(entry));
            }
        }

        return sb.ToString();
    }

    private static string Line(ClinicalEntry entry)
    {
        var what = entry.Code is null
            ? entry.Text ?? "(no code)"
            : $"{entry.Code.Code} {entry.Text ?? entry.Code.Display} [{entry.Code.SystemLabel}]".Replace("  ", " ", StringComparison.Ordinal);
        var value = entry.Value is null ? string.Empty : ": " + entry.Value;
        var date = entry.Date is null ? string.Empty : $" ({entry.Date})";
        return what + value + date;
    }
}
