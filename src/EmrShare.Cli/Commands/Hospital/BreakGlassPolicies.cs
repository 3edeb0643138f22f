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

    /// <summary>
    /// <c>Hospital:EmergencyQuarantineHours</c>: how long a refused emergency copy is held back for an override
    /// (<see cref="HospitalOptions.EmergencyQuarantineTime"/>). Absent or empty → 24; otherwise hours from 0.1 to 168.
    /// </summary>
    public static TimeSpan QuarantineTime(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return HospitalOptions.DefaultEmergencyQuarantineTime;
        }

        return double.TryParse(value.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var hours) && hours is >= 0.1 and <= 168
            ? TimeSpan.FromHours(hours)
            : throw new ServiceConfigurationException(key, "must be a number of hours from 0.1 to 168 (how long a refused emergency copy is held back for an override)");
    }
}
