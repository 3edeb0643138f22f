namespace EmrShare.Web.Rendering;

/// <summary>One line of a diff between two versions as read: unchanged, added or removed.</summary>
public sealed record DiffLine(char Change, string Text);

/// <summary>
/// The difference between two versions of a record as a reader sees them (the rendered lines, not the JSON), by a
/// longest-common-subsequence line diff. Records are small, so the quadratic table is fine.
/// </summary>
public static class RecordDiff
{
    public static IReadOnlyList<DiffLine> Between(RecordView before, RecordView after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Lines(Lines(before), Lines(after));
    }

    public static IReadOnlyList<DiffLine> Lines(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var result = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Count && y < b.Count)
        {
            if (a[x] == b[y])
            {
                result.Add(new DiffLine(' ', a[x++]));
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                result.Add(new DiffLine('-', a[x++]));
            }
            else
            {
                result.Add(new DiffLine('+', b[y++]));
            }
        }

        result.AddRange(a.Skip(x).Select(t => new DiffLine('-', t)));
        result.AddRange(b.Skip(y).Select(t => new DiffLine('+', t)));
        return result;
    }

    /// <summary>The record as lines of text, one per fact, in the order the record view shows them.</summary>
    public static IReadOnlyList<string> Lines(RecordView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var lines = new List<string>();
        lines.AddRange(view.Allergies.Select(a => $"Allergy: {a.Substance}{Tail(string.Join("; ", a.Reactions))}{Tail(a.Criticality)}"));
        lines.AddRange(view.Patients.Select(p => $"Patient: {p.Name}{Tail(p.Gender)}{Tail(p.BirthDate)}"));
        lines.AddRange(view.Encounters.Select(e => $"Visit: {e.Type}{Tail(e.Status)}{Tail(e.Period)}"));
        lines.AddRange(view.Conditions.Select(c => $"Diagnosis: {c.Code}{Tail(c.ClinicalStatus)}{Tail(c.Onset)}"));
        lines.AddRange(view.Observations.Select(Result));
        foreach (var r in view.Reports)
        {
            lines.Add($"Report: {r.Code}{Tail(r.Status)}{Tail(r.Conclusion)}");
            lines.AddRange(r.Results.Select(Result));
        }

        lines.AddRange(view.Medications.Select(m => $"Medication: {m.Medication}{Tail(m.Dosage)}{Tail(m.Status)}"));
        lines.AddRange(view.Documents.Select(d => $"Document: {d.Title}{Tail(d.Description)}{Tail(string.Join(" ", d.Attachments.Select(a => a.Text ?? a.Title)))}"));
        lines.AddRange(view.Items.Select(i => $"{i.Kind}: {i.Title}{Tail(i.Status)}{Tail(i.When)}{Tail(string.Join(" · ", i.Details))}"));
        lines.AddRange(view.Others.Select(o => $"{o.ResourceType}{Tail(o.Id)}"));
        return lines;
    }

    private static string Result(ObservationView o) => $"Result: {o.Code} {o.Value ?? "–"}{Tail(o.Interpretation)}{Tail(o.Effective)}";

    private static string Tail(string? value) => string.IsNullOrWhiteSpace(value) ? string.Empty : " · " + value;
}
