using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Discovery;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Components.Shared;

/// <summary>
/// The hospitals the patient's wallet can reach, for the "visit" and "grant to" pickers: every hospital in the
/// wallet's directory when it can be listed (a peers file, the Center's signed directory as last fetched, or a
/// directory that enumerates its contacts), plus
/// every custodian already in the medical index.
/// </summary>
internal static class HospitalChoices
{
    public static IReadOnlyList<string> Of(PatientActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return [.. Listed(actor.Directory).Concat(actor.Wallet.Index.Entries.Select(e => e.Custodian.ToString())).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Every hospital a directory can list (empty when it only resolves one address at a time).</summary>
    public static IEnumerable<string> Listed(IHospitalDirectory directory) => directory switch
    {
        PeersDirectory peers => peers.Hospitals.Select(h => h.ToString()),
        CenterDirectory center => center.ListedHospitals.Select(h => h.ToString()),
        IEnumerable<HospitalContact> contacts => contacts.Select(c => c.Address.ToString()),
        _ => [],
    };

    /// <summary>Display label: the hospital's name when known (<see cref="People"/>), else a letter per hospital in list order plus the shortened address.</summary>
    public static string Label(WebActor actor, IReadOnlyList<string> hospitals, string address)
    {
        ArgumentNullException.ThrowIfNull(hospitals);
        if (People.NameOf(actor, address) is { } name)
        {
            return name;
        }

        var index = hospitals.ToList().FindIndex(h => string.Equals(h, address, StringComparison.OrdinalIgnoreCase));
        return index is >= 0 and < 26 ? $"Hospital {(char)('A' + index)} ({Short.Of(address)})" : Short.Of(address);
    }
}
