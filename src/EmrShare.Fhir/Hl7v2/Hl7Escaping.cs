using System.Globalization;
using System.Text;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>HL7 v2 escape sequences (v2.5 §2.7): delimiters, hex data and the line-break formatting command.</summary>
public static class Hl7Escaping
{
    /// <summary>Resolves escape sequences in one already split leaf value.</summary>
    /// <exception cref="Hl7ParseException">On an unterminated or unknown escape sequence.</exception>
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

        // Quote short escape codes only: a stray escape character can make "body" a piece of patient text.
        var shown = body.Length <= 3 ? $" \\{body}\\" : string.Empty;
        throw new Hl7ParseException(segmentIndex, field, $"unknown or unsupported escape sequence{shown}");
    }
}
