using System.Globalization;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Adapters;

/// <summary>
/// Records in the converted record itself how much of its source was not imported, so a reader of the stored
/// record (at this hospital or after sharing) knows it is partial: <c>meta.tag</c>
/// <c>urn:emrshare:import|not-imported</c> with the count in its display. The names are in the import response.
/// </summary>
public static class ImportProvenance
{
    public const string System = "urn:emrshare:import";

    public const string NotImportedCode = "not-imported";

    public static void Tag(Resource resource, IReadOnlyList<string> notImported)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(notImported);
        if (notImported.Count == 0)
        {
            return;
        }

        resource.Meta ??= new Meta();
        resource.Meta.Tag.Add(new Coding(System, NotImportedCode, string.Create(CultureInfo.InvariantCulture, $"{notImported.Count} part(s) of the source not imported")));
    }

    /// <summary>The count a record's tag states (0 when untagged).</summary>
    public static int CountOf(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var tag = resource.Meta?.Tag.FirstOrDefault(t => t.System == System && t.Code == NotImportedCode);
        return tag?.Display is { } display && int.TryParse(display.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
