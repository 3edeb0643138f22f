using EmrShare.Web.Hosting;
using EmrShare.Web.Services;

namespace EmrShare.Web.Api.Center;

/// <summary>
/// The phone wallet's hospital list (<c>GET /v1/hospitals</c>), cached (review S5): every request used to read the
/// chain once per hospital. A list is kept for at most <see cref="Ttl"/>, and dropped at once when this Center
/// registers or deactivates a hospital or a display name changes. Every hospital registered on chain is listed while
/// active; one whose name this Center has not loaded (the chain holds only its hash) is listed as
/// <see cref="UnnamedPrefix"/> and its address instead of being left out.
/// </summary>
internal sealed class HospitalListCache(CenterActor center, ChainExplorer explorer, TimeProvider time)
{
    /// <summary>How a registered hospital whose name this Center has not loaded is listed (the patient sees its address).</summary>
    public const string UnnamedPrefix = "Unnamed hospital ";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _current;

    public static TimeSpan Ttl { get; } = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<WalletHospital>> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_current) is { } hit)
        {
            return hit;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(_current) is { } again)
            {
                return again;
            }

            // Versions read before loading: a change during the load makes the next request load again.
            var (changes, names) = (center.Center.HospitalChanges, center.Names.Version);
            var hospitals = await LoadAsync(cancellationToken).ConfigureAwait(false);
            _current = new Snapshot(hospitals, time.GetUtcNow() + Ttl, changes, names);
            return hospitals;
        }
        finally
        {
            _gate.Release();
        }
    }

    private IReadOnlyList<WalletHospital>? Fresh(Snapshot? snapshot) =>
        snapshot is not null && time.GetUtcNow() < snapshot.Expires && snapshot.Changes == center.Center.HospitalChanges && snapshot.Names == center.Names.Version
            ? snapshot.Hospitals
            : null;

    /// <summary>Hospitals of the signed directory, those the Center named, and every HospitalRegistered on chain; active ones only.</summary>
    private async Task<IReadOnlyList<WalletHospital>> LoadAsync(CancellationToken ct)
    {
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (center.Directory is { } directory)
        {
            addresses.UnionWith((await directory.SnapshotAsync(ct).ConfigureAwait(false)).Entries.Select(e => e.Hospital.ToString()));
        }

        foreach (var e in await explorer.RegistrationsAsync(ct).ConfigureAwait(false))
        {
            if (e.Name == "HospitalRegistered" && e.Arguments.FirstOrDefault(a => a.Name == "hospital")?.Value is { } registered)
            {
                addresses.Add(registered);
            }
        }

        var hospitals = new List<WalletHospital>();
        foreach (var address in addresses)
        {
            if (await center.Center.Chain.Registry.IsActiveHospitalAsync(address, ct).ConfigureAwait(false))
            {
                var checksummed = Core.ChainAddress.Parse(address).ToString();
                hospitals.Add(new WalletHospital(checksummed, center.Names.Of(address) ?? UnnamedPrefix + checksummed));
            }
        }

        return [.. hospitals.OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private sealed record Snapshot(IReadOnlyList<WalletHospital> Hospitals, DateTimeOffset Expires, long Changes, long Names);
}
