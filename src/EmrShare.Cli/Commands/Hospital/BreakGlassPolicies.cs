using EmrShare.Nodes.Hospital;
using EmrShare.ServiceDefaults;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>The <c>Hospital:BreakGlassPolicy</c> setting of <c>hospital serve</c>: <c>serve</c> (default) or <c>refuse</c>.</summary>
internal static class BreakGlassPolicies
{
    /// <summary>Absent or empty → <see cref="BreakGlassPolicy.Serve"/>; anything but serve/refuse is refused, naming the key.</summary>
    public static BreakGlassPolicy Parse(string? value, string key) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "SERVE" => BreakGlassPolicy.Serve,
        "REFUSE" => BreakGlassPolicy.Refuse,
        _ => throw new ServiceConfigurationException(key, "must be 'serve' (answer other hospitals' emergency requests) or 'refuse'"),
    };
}
