using System.Globalization;
using System.Text.Json.Nodes;

namespace EmrShare.TestSupport;

/// <summary>
/// A real clinical Bundle grown past a size deterministically (issue 16: records over 4 MiB): the mCODE IG's
/// "Jenny M" patient bundle with its clinical entries (conditions, medications, observations, reports,
/// procedures…) repeated as follow-up copies. Copy k renames every id ending in "-jenny-m" to "-jenny-m-k{k}"
/// (and every reference to it), so the copies are distinct resources that still point at the one patient.
/// </summary>
public static class LargeClinicalBundle
{
    public const string PatientId = "cancer-patient-jenny-m";

    /// <param name="source">The mCODE patient bundle JSON.</param>
    /// <param name="minBytes">The result is at least this many UTF-8 bytes.</param>
    /// <param name="patient">Replaces the bundle's Patient resource (keeping its id), e.g. to match a test chart.</param>
    public static (string Json, int Copies) Build(string source, int minBytes, JsonObject? patient = null)
    {
        var bundle = JsonNode.Parse(source)!.AsObject();
        var entries = bundle["entry"]!.AsArray();
        if (patient is not null)
        {
            var index = entries.Select((e, i) => (e, i)).Single(x => (string?)x.e!["resource"]!["resourceType"] == "Patient").i;
            var replacement = (JsonObject)patient.DeepClone();
            replacement["id"] = PatientId;
            entries[index]!["resource"] = replacement;
        }

        var template = entries.Where(e => ((string?)e!["resource"]!["id"])?.EndsWith("-jenny-m", StringComparison.Ordinal) == true
            && (string?)e!["resource"]!["id"] != PatientId).Select(e => e!.ToJsonString()).ToList();
        var size = System.Text.Encoding.UTF8.GetByteCount(bundle.ToJsonString());
        var copies = 0;
        while (size < minBytes)
        {
            copies++;
            var suffix = string.Create(CultureInfo.InvariantCulture, $"-jenny-m-k{copies}");
            foreach (var entry in template)
            {
                // Patient references keep pointing at the one patient; every other "-jenny-m" id is renamed.
                var renamed = entry.Replace("-jenny-m\"", suffix + "\"", StringComparison.Ordinal)
                    .Replace("cancer-patient" + suffix, PatientId, StringComparison.Ordinal);
                entries.Add(JsonNode.Parse(renamed));
                size += System.Text.Encoding.UTF8.GetByteCount(renamed) + 1;
            }
        }

        return (bundle.ToJsonString(), copies);
    }
}
