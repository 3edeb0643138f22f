using EmrShare.Web.Hosting;

namespace EmrShare.Web.Components.Shared;

/// <summary>The display name of a hospital or practitioner address, from what this app knows (issue 16 #11).</summary>
internal static class People
{
    /// <summary>A hospital's own name and its practitioners first, then the shared <see cref="DisplayNames"/>; null when unknown.</summary>
    public static string? NameOf(WebActor actor, string? address)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }

        if (actor is CenterActor center && string.Equals(address, center.Center.Address.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            return center.DisplayName;
        }

        if (actor is HospitalActor here)
        {
            if (string.Equals(address, here.Hospital.Address.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return here.DisplayName;
            }

            var practitioners = here.Hospital.Keys.PractitionerAddresses;
            for (var i = 0; i < practitioners.Count; i++)
            {
                if (string.Equals(address, practitioners[i].ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    return $"Practitioner {i + 1}, {here.DisplayName}";
                }
            }
        }

        return actor.Names.Of(address);
    }

    /// <summary>The address an indexed event topic carries (32 bytes, 12 leading zero bytes), or null.</summary>
    public static string? AddressInTopic(string topic) =>
        topic is { Length: 66 } && topic.StartsWith("0x000000000000000000000000", StringComparison.OrdinalIgnoreCase) ? "0x" + topic[26..] : null;

    /// <summary>The name, or the shortened address when this app has no name for it.</summary>
    public static string Label(WebActor actor, string? address) => NameOf(actor, address) ?? Short.Of(address);
}
