using System.Globalization;
using EmrShare.Storage.DagPb;

namespace EmrShare.Storage.Reading;

/// <summary>
/// How many directory entries one read command (<c>ls</c>, <c>get</c>) may list over its whole walk. A DAG can name
/// the same block many times, so a few planted blocks could otherwise list as billions of entries; past the limit
/// the walk is refused with <see cref="DagFormatException"/> (400 with Kubo's error object). Not thread-safe: one
/// budget per request.
/// </summary>
public sealed class DirectoryWalkBudget
{
    /// <summary>The most entries one walk lists: far above a real record folder, far below what exhausts memory.</summary>
    public const int MaxEntries = 100_000;

    private readonly int _limit;
    private int _listed;

    /// <summary>A budget of <see cref="MaxEntries"/>, or a smaller <paramref name="limit"/> (tests).</summary>
    public DirectoryWalkBudget(int limit = MaxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxEntries);
        _limit = limit;
    }

    /// <summary>Counts one listed entry; throws once the walk has listed more than the limit.</summary>
    public void Take()
    {
        if (++_listed > _limit)
        {
            throw new DagFormatException(string.Create(CultureInfo.InvariantCulture, $"the walk lists more than {_limit} directory entries, the most one request may list"));
        }
    }
}
