namespace EmrShare.Web.Components.Shared;

/// <summary>Hashes and addresses shortened for tables (the full value stays in the title attribute).</summary>
internal static class Short
{
    public static string Of(string? hex) => hex switch
    {
        null or "" => "–",
        { Length: > 14 } => $"{hex[..8]}…{hex[^4..]}",
        _ => hex,
    };

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
