using System.Globalization;
using System.Net;
using EmrShare.Core;
using EmrShare.Core.Errors;

namespace EmrShare.Wallet.Checkin;

/// <summary>A check-in code that cannot be used: the message says why, for the patient.</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class CheckInCodeException(string message) : EmrShareException(message)
{
    public CheckInCodeException()
        : this("not a check-in code")
    {
    }

    public CheckInCodeException(string message, Exception innerException)
        : this(message + ": " + innerException?.Message)
    {
    }
}

/// <summary>
/// The hospital desk's check-in code (its QR, or the same text pasted): where to run the handshake, which hospital
/// must answer (the handshake proves the endpoint holds this address's key), on which chain, and a fresh challenge
/// with its issue time. The hospital's writer is src/EmrShare.Web/Services/CheckInCode.cs.
/// </summary>
public sealed record CheckInCode(Uri Endpoint, ChainAddress Hospital, ulong ChainId, Hash32 Challenge, DateTimeOffset Issued)
{
    public const string Prefix = "emrshare-checkin:v1?";

    /// <summary>A code is for now, at the desk: an old one (a photo, a screenshot) is refused.</summary>
    public static TimeSpan MaxAge => Core.Handshake.DeskChallenges.MaxAge;

    public string ShortChallenge => Challenge.ToString()[2..10];

    public static CheckInCode Parse(string? text, DateTimeOffset now)
    {
        text = text?.Trim() ?? string.Empty;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CheckInCodeException("this is not an EmrShare check-in code");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text[Prefix.Length..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || !fields.TryAdd(pair[..at], Uri.UnescapeDataString(pair[(at + 1)..])))
            {
                throw new CheckInCodeException("the check-in code is damaged");
            }
        }

        var code = new CheckInCode(
            EndpointOf(Field(fields, "endpoint")),
            Read(fields, "hospital", ChainAddress.Parse),
            Read(fields, "chain", v => ulong.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)),
            Read(fields, "challenge", Hash32.Parse),
            Read(fields, "issued", v => DateTimeOffset.FromUnixTimeSeconds(long.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture))));
        if (now - code.Issued > MaxAge || code.Issued - now > TimeSpan.FromMinutes(2))
        {
            throw new CheckInCodeException("this check-in code is too old; ask the desk to show a fresh one");
        }

        return code;
    }

    private static string Field(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new CheckInCodeException($"the check-in code has no {name}");

    private static T Read<T>(Dictionary<string, string> fields, string name, Func<string, T> parse)
    {
        var value = Field(fields, name);
        try
        {
            return parse(value);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or EmrShareSecurityException)
        {
            throw new CheckInCodeException($"the check-in code's {name} is not valid");
        }
    }

    /// <summary>HTTPS only; plain http only to this device itself (development), never across a network.</summary>
    private static Uri EndpointOf(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.UserInfo.Length > 0
            || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && (url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip))))))
        {
            throw new CheckInCodeException("the check-in code's endpoint is not an https address");
        }

        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
