namespace EmrShare.Core.Merkle;

/// <summary>
/// A grant's record scope as docs/interfaces.md fixes it: zero for "every record at the custodian", else the Merkle
/// root of the listed record ids. The one place that knows the per-grant limit, so the wallet that signs, the
/// hospital that checks and the dashboards that ask all hold the same rule.
/// </summary>
public static class GrantScope
{
    /// <summary>At most this many records are listed in one grant.</summary>
    public const int MaxRecords = 256;

    /// <summary>Why this list cannot be a grant's scope, in words, or null when it can.</summary>
    public static string? Problem(IReadOnlyList<RecordId>? records) => records switch
    {
        null => "the grant's record list is missing",
        { Count: > MaxRecords } => $"at most {MaxRecords} records per grant",
        _ when records.Distinct().Count() != records.Count => "each record only once",
        _ => null,
    };

    /// <summary>The scope hash for these records (zero for an empty list, meaning all).</summary>
    public static Hash32 Of(IReadOnlyList<RecordId> records)
    {
        if (Problem(records) is { } problem)
        {
            throw new ArgumentException(problem, nameof(records));
        }

        return records.Count == 0 ? Hash32.Zero : new MerkleTree([.. records.Select(MerkleLeaves.ForScope)]).Root;
    }

    /// <summary>
    /// The proof that <paramref name="recordId"/> is inside the scope of <paramref name="records"/>: empty for an
    /// all-records grant, null when the record is outside the listed ones.
    /// </summary>
    public static IReadOnlyList<Hash32>? Proof(IReadOnlyList<RecordId> records, RecordId recordId)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return [];
        }

        var index = records.ToList().IndexOf(recordId);
        return index < 0 ? null : new MerkleTree([.. records.Select(MerkleLeaves.ForScope)]).Proof(index);
    }
}
