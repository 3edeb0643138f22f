namespace EmrShare.Fhir.Records;

/// <summary>
/// The "diagnosis summary" of a record: resource counts, the clinical entries and the covered date range.
/// Derived from the resource only, so any node computes the same summary from the same record.
/// </summary>
public sealed record ClinicalSummary(
    string RootType,
    IReadOnlyDictionary<string, int> ResourceCounts,
    IReadOnlyList<ClinicalEntry> Entries,
    string? EarliestDate,
    string? LatestDate)
{
    public IEnumerable<ClinicalEntry> Diagnoses => Entries.Where(e => e.Category == ClinicalCategory.Diagnosis);

    /// <summary>Every coded concept in the record, de-duplicated on (system, code).</summary>
    public IReadOnlyList<ClinicalCode> Codes =>
        Entries.Where(e => e.Code is not null).Select(e => e.Code!).DistinctBy(c => (c.System, c.Code)).ToList();

    public IReadOnlyCollection<string> ResourceTypes => ResourceCounts.Keys.ToList();
}
