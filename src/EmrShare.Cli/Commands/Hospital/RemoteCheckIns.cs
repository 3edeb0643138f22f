using EmrShare.ServiceDefaults;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// The <c>Hospital:RemoteCheckIns</c> setting of <c>hospital serve --config</c>: <c>refuse</c> (default: a patient
/// checks in only by scanning the desk's code, handshake version 2) or <c>allow</c> (also remote check-ins without a
/// desk code, version 1: the server wallet and <c>patient visit</c>).
/// </summary>
internal static class RemoteCheckIns
{
    /// <summary>Absent or empty → refuse (false); anything but allow/refuse is refused at start-up, naming the key.</summary>
    public static bool Parse(string? value, string key) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "REFUSE" => false,
        "ALLOW" => true,
        _ => throw new ServiceConfigurationException(key, "must be 'refuse' (check-ins only with the desk's code, the default) or 'allow' (also remote check-ins without a desk code)"),
    };
}
