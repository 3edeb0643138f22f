using System.Globalization;
using System.Text.RegularExpressions;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// HL7 TS/DTM ↔ FHIR date/dateTime keeping the sender's precision: <c>1962</c>→<c>1962</c>,
/// <c>196203</c>→<c>1962-03</c>, <c>19620315</c>→<c>1962-03-15</c>. FHIR requires seconds and a zone once a
/// time is present, so <c>200903031426</c> becomes <c>2009-03-03T14:26:00</c> plus the message's offset, or the
/// adapter's assumed offset when the sender gave none.
/// </summary>
public static partial class Hl7DateTime
{
    /// <summary>Converts an HL7 TS; null for an empty value; typed error for a malformed one.</summary>
    public static string? ToFhirDateTime(string ts, TimeSpan assumedOffset, int segment, string field)
    {
        // Spaces around a TS carry no meaning; real senders pad it (a v2.2 lab's OBX-14 " 19980729160500").
        ts = ts.Trim(' ');
        if (string.IsNullOrEmpty(ts))
        {
            return null;
        }

        var m = TsPattern().Match(ts);
        if (!m.Success)
        {
            throw new Hl7ParseException(segment, field, "not an HL7 date/time (YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ])");
        }

        int Part(string name, int fallback) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        var year = Part("y", 0);
        var month = Part("mo", 1);
        var day = Part("d", 1);
        var hour = Part("h", 0);
        var minute = Part("mi", 0);
        var second = Part("s", 0);
        var zoneText = m.Groups["z"].Success ? m.Groups["z"].Value : null;
        var zoneValid = zoneText is null || ZoneValid(int.Parse(zoneText.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(zoneText.AsSpan(3, 2), CultureInfo.InvariantCulture));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || hour > 23 || minute > 59 || second > 59 || !zoneValid)
        {
            throw new Hl7ParseException(segment, field, "not a valid calendar date/time");
        }

        if (!m.Groups["mo"].Success)
        {
            return m.Groups["y"].Value;
        }

        if (!m.Groups["d"].Success)
        {
            return $"{year:D4}-{month:D2}";
        }

        if (!m.Groups["h"].Success)
        {
            return $"{year:D4}-{month:D2}-{day:D2}";
        }

        var fraction = m.Groups["f"].Success ? m.Groups["f"].Value : string.Empty;
        var zone = m.Groups["z"].Success ? FormatZone(m.Groups["z"].Value) : FormatOffset(assumedOffset);
        return $"{year:D4}-{month:D2}-{day:D2}T{hour:D2}:{minute:D2}:{second:D2}{fraction}{zone}";
    }

    /// <summary>Converts an HL7 TS to a FHIR date (birth dates): the day part only.</summary>
    public static string? ToFhirDate(string ts, int segment, string field)
    {
        var full = ToFhirDateTime(ts, TimeSpan.Zero, segment, field);
        return full is null ? null : full.Length > 10 ? full[..10] : full;
    }

    /// <summary>A point in time, when the TS is precise to at least the hour (for FHIR instant fields).</summary>
    public static DateTimeOffset? ToInstant(string ts, TimeSpan assumedOffset, int segment, string field)
    {
        var value = ToFhirDateTime(ts, assumedOffset, segment, field);
        return value is null || value.Length <= 10
            ? null
            : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.None);
    }

    /// <summary>FHIR date/dateTime/instant text → HL7 TS (YYYY[MM[DD[HHMMSS[.SSSS]±ZZZZ]]]).</summary>
    public static string FromFhir(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var m = FhirPattern().Match(value);
        if (!m.Success)
        {
            throw new ArgumentException($"'{value}' is not a FHIR date/dateTime", nameof(value));
        }

        var result = m.Groups["y"].Value + m.Groups["mo"].Value + m.Groups["d"].Value;
        if (m.Groups["h"].Success)
        {
            var fraction = m.Groups["f"].Success ? m.Groups["f"].Value[..Math.Min(5, m.Groups["f"].Value.Length)] : string.Empty;
            var zone = m.Groups["z"].Value == "Z" ? "+0000" : m.Groups["z"].Value.Replace(":", string.Empty, StringComparison.Ordinal);
            result += m.Groups["h"].Value + m.Groups["mi"].Value + m.Groups["s"].Value + fraction + zone;
        }

        return result;
    }

    public static string FromInstant(DateTimeOffset value) =>
        value.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + FormatOffset(value.Offset).Replace(":", string.Empty, StringComparison.Ordinal).Replace("Z", "+0000", StringComparison.Ordinal);

    /// <summary>Offsets run from -14:00 to +14:00 (what both FHIR and DateTimeOffset accept).</summary>
    private static bool ZoneValid(int hours, int minutes) => minutes <= 59 && (hours < 14 || (hours == 14 && minutes == 0));

    private static string FormatZone(string hl7Zone) => hl7Zone == "+0000" || hl7Zone == "-0000" ? "Z" : $"{hl7Zone[..3]}:{hl7Zone[3..]}";

    private static string FormatOffset(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "Z" : (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>\d{4})(?:(?<mo>\d{2})(?:(?<d>\d{2})(?:(?<h>\d{2})(?:(?<mi>\d{2})(?:(?<s>\d{2})(?<f>\.\d{1,4})?)?)?)?)?)?(?<z>[+-]\d{4})?$")]
    private static partial Regex TsPattern();

    [GeneratedRegex(@"^(?<y>\d{4})(?:-(?<mo>\d{2})(?:-(?<d>\d{2})(?:T(?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?<f>\.\d+)?(?<z>Z|[+-]\d{2}:\d{2}))?)?)?$")]
    private static partial Regex FhirPattern();
}
