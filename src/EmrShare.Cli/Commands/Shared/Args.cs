using EmrShare.Core;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>Parses typed values given on the command line; a malformed one is a usage error naming the option.</summary>
public static class Args
{
    public static ChainAddress Address(string text, string what) => Parse(() => ChainAddress.Parse(text.Trim()), what, "a 20-byte 0x address");

    public static RecordId Record(string text, string what) => Parse(() => RecordId.Parse(text.Trim()), what, "a 32-byte 0x id");

    public static Hash32 Hash(string text, string what) => Parse(() => Hash32.Parse(text.Trim()), what, "a 32-byte 0x id");

    public static byte[] Hex(string text, int length, string what) => Parse(() => HexBytes.Parse(text.Trim(), length, what), what, $"{length} bytes of hex");

    public static IReadOnlyList<T> List<T>(string? text, Func<string, string, T> parse, string what) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => parse(t, what)).ToList();

    /// <summary>A duration like <c>7d</c>, <c>12h</c>, <c>30m</c>.</summary>
    public static TimeSpan Duration(string text, string what)
    {
        if (text.Length >= 2 && int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (text[^1])
            {
                case 'd': return TimeSpan.FromDays(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'm': return TimeSpan.FromMinutes(n);
            }
        }

        throw new CliUsageException($"{what} must be a duration like 7d, 12h or 30m");
    }

    private static T Parse<T>(Func<T> parse, string what, string expected)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or EmrShareSecurityException)
        {
            throw new CliUsageException($"{what} must be {expected}", ex);
        }
    }
}
