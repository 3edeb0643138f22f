namespace EmrShare.Core;

/// <summary>Strict 0x-hex codec used at every boundary: wrong length or bad digits become a typed format error.</summary>
public static class HexBytes
{
    public static string ToHex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Parses "0x…" or bare hex; <paramref name="expectedLength"/> &lt; 0 accepts any length.</summary>
    public static byte[] Parse(string? text, int expectedLength = -1, string what = "value")
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new EnvelopeFormatException($"{what} is empty");
        }

        var span = text.AsSpan();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }

        if (span.Length % 2 != 0)
        {
            throw new EnvelopeFormatException($"{what} has an odd number of hex digits");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(span);
        }
        catch (FormatException ex)
        {
            throw new EnvelopeFormatException($"{what} is not hex", ex);
        }

        if (expectedLength >= 0 && bytes.Length != expectedLength)
        {
            throw new EnvelopeFormatException($"{what} must be {expectedLength} bytes, got {bytes.Length}");
        }

        return bytes;
    }
}
