using System.Globalization;
using System.Text;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>HL7 v2 escape sequences (v2.5 §2.7): delimiters, hex data and the line-break formatting command.</summary>
public static class Hl7Escaping
{
    /// <summary>Largest count a <c>.sp</c> or <c>.sk</c> command may ask for: a sender cannot blow a field up to megabytes.</summary>
    private const int MaxFormattingCount = 100;

    /// <summary>Resolves escape sequences in one already split leaf value.</summary>
    /// <remarks>An escape this reader does not know is kept as sent (escape characters included), never dropped.</remarks>
    /// <exception cref="Hl7ParseException">On an unterminated escape sequence or malformed hex data.</exception>
    public static string Unescape(string value, Hl7Delimiters delimiters, int segmentIndex, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(delimiters);
        var esc = delimiters.Escape;
        if (value.IndexOf(esc, StringComparison.Ordinal) < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c != esc)
            {
                sb.Append(c);
                i++;
                continue;
            }

            var close = value.IndexOf(esc, i + 1);
            if (close < 0)
            {
                throw new Hl7ParseException(segmentIndex, field, $"unterminated escape sequence at position {i + 1}");
            }

            var body = value[(i + 1)..close];
            sb.Append(Resolve(body, delimiters, segmentIndex, field));
            i = close + 1;
        }

        return sb.ToString();
    }

    /// <summary>Escapes delimiter characters and line breaks so <paramref name="value"/> survives as one leaf.</summary>
    public static string Escape(string value, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(delimiters);
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == delimiters.Escape)
            {
                sb.Append(delimiters.Escape).Append('E').Append(delimiters.Escape);
            }
            else if (c == delimiters.Field)
            {
                sb.Append(delimiters.Escape).Append('F').Append(delimiters.Escape);
            }
            else if (c == delimiters.Component)
            {
                sb.Append(delimiters.Escape).Append('S').Append(delimiters.Escape);
            }
            else if (c == delimiters.Subcomponent)
            {
                sb.Append(delimiters.Escape).Append('T').Append(delimiters.Escape);
            }
            else if (c == delimiters.Repetition)
            {
                sb.Append(delimiters.Escape).Append('R').Append(delimiters.Escape);
            }
            else if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n')
            {
                // CRLF is one line break; the LF is emitted by the next iteration as .br.
            }
            else if (c is '\n' or '\r')
            {
                sb.Append(delimiters.Escape).Append(".br").Append(delimiters.Escape);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Resolve(string body, Hl7Delimiters d, int segmentIndex, string field)
    {
        switch (body)
        {
            case "F": return d.Field.ToString();
            case "S": return d.Component.ToString();
            case "T": return d.Subcomponent.ToString();
            case "R": return d.Repetition.ToString();
            case "E": return d.Escape.ToString();
            case ".br": return "\n";
            case "H" or "N": return string.Empty; // highlighting on/off: presentation only
            case ".fi" or ".nf": return string.Empty; // fill / no-fill mode: layout only, no text
        }

        if (FormattingCommand(body) is { } text)
        {
            return text;
        }

        if (body.Length > 1 && body[0] == 'X')
        {
            var hex = body[1..];
            if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new Hl7ParseException(segmentIndex, field, "bad hex escape (\\X…\\ needs an even number of hex digits)");
            }

            var bytes = new byte[hex.Length / 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = byte.Parse(hex.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }

            // Hex data is taken as UTF-8 when it is valid UTF-8, else as ISO 8859-1 (the v2 default single-byte set).
            try
            {
                return new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return Encoding.Latin1.GetString(bytes);
            }
        }

        // Anything else (\Zxx\ locally defined, \Cxxyy\ / \Mxxyyzz\ character-set switches, a code this reader does
        // not know) is kept exactly as sent, escape characters included: never dropped, never guessed at.
        return d.Escape + body + d.Escape;
    }

    /// <summary>
    /// FT formatting commands with a plain-text meaning (v2.5 §2.7.6): <c>.sp n</c> ends the line and skips n lines
    /// (n line breaks, 1 when absent), <c>.sk n</c> skips n spaces, <c>.in ±n</c> / <c>.ti ±n</c> (indent) and
    /// <c>.ce</c> (centre) begin a new line. Null when <paramref name="body"/> is none of these or its number is bad.
    /// </summary>
    private static string? FormattingCommand(string body)
    {
        if (body.Length < 3 || body[0] != '.')
        {
            return null;
        }

        var command = body[1..3];
        var argument = body[3..].Trim();
        switch (command)
        {
            case "sp" or "sk":
                var n = 1;
                if (argument.Length > 0 && (!int.TryParse(argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n) || n is < 0 or > MaxFormattingCount))
                {
                    return null;
                }

                return new string(command == "sp" ? '\n' : ' ', n);
            case "in" or "ti":
                return argument.Length == 0 || int.TryParse(argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? "\n" : null;
            case "ce" when argument.Length == 0:
                return "\n";
            default:
                return null;
        }
    }
}
