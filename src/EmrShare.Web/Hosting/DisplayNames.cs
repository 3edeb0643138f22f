using System.Collections.Concurrent;

namespace EmrShare.Web.Hosting;

/// <summary>
/// Display names of hospitals and practitioners by chain address, so the dashboards show people, not hex (issue 16
/// #11). The chain keeps only each hospital's name hash; names come from the Center's registrations (the Center adds
/// every hospital and practitioner it registers) and from what a node knows about itself. Apps started together
/// (the web demo) share one instance, which stands in for the Center's published directory.
/// </summary>
public sealed class DisplayNames
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);
    private long _version;

    /// <summary>Changes whenever a name is added or changed (caches of named lists compare it).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Records (or renames) the display name of <paramref name="address"/>.</summary>
    public void Add(string address, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        name = name.Trim();
        if (!_names.TryGetValue(address, out var old) || old != name)
        {
            _names[address] = name;
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>Every address that has a name (hospitals and practitioners alike).</summary>
    public IReadOnlyList<string> Addresses => [.. _names.Keys];

    /// <summary>The name registered for <paramref name="address"/>, or null when nobody told this node.</summary>
    public string? Of(string? address) => address is not null && _names.TryGetValue(address, out var name) ? name : null;
}
