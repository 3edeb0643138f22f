using System.Text;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// Parses one HL7 v2 message (v2.3–v2.8 syntax; mapped per v2.5) from bytes. Accepts CR, LF or CRLF segment
/// terminators and optional MLLP framing. Character set per MSH-18: none/ASCII/UNICODE UTF-8/8859/1.
/// Every defect is an <see cref="Hl7ParseException"/> naming the segment and field; escapes are resolved
/// eagerly so a message either parses completely or not at all.
/// </summary>
public static class Hl7Parser
{
    private const byte MllpStart = 0x0B;
    private const byte MllpEnd = 0x1C;

    /// <summary>Parses an already decoded message (MSH-18 is recorded but no bytes are decoded again).</summary>
    public static Hl7Message Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Trim('\r', '\n', '\t', ' ', '\uFEFF');
        if (text.Length > 0 && text[0] == (char)MllpStart)
        {
            var end = text.LastIndexOf((char)MllpEnd);
            text = end < 0
                ? throw new Hl7ParseException(0, string.Empty, "MLLP frame has a start block (0x0B) but no end block (0x1C)")
                : text[1..end];
        }

        if (text.Length == 0)
        {
            throw new Hl7ParseException(0, string.Empty, "message is empty");
        }

        if (!text.StartsWith("MSH", StringComparison.Ordinal))
        {
            throw new Hl7ParseException(1, string.Empty, $"message must start with an MSH segment, found '{text[..Math.Min(3, text.Length)]}'");
        }

        var headerLength = text.IndexOfAny(['\r', '\n']);
        var header = headerLength < 0 ? text : text[..headerLength];
        var delimiters = Hl7Delimiters.FromHeader(header);
        return ParseText(text, delimiters, ReadCharset(header, delimiters));
    }

    public static Hl7Message Parse(ReadOnlySpan<byte> input)
    {
        input = StripMllp(input);
        if (input.StartsWith("\uFEFF"u8))
        {
            input = input[3..];
        }

        input = input.Trim("\r\n\t "u8);
        if (input.IsEmpty)
        {
            throw new Hl7ParseException(0, string.Empty, "message is empty");
        }

        if (input.IndexOf((byte)0) >= 0)
        {
            throw new Hl7ParseException(0, string.Empty, "message contains NUL bytes (UTF-16 or binary data?); HL7 v2 must use an ASCII-compatible character set");
        }

        if (!input.StartsWith("MSH"u8))
        {
            var found = Encoding.ASCII.GetString(input[..Math.Min(3, input.Length)]);
            throw new Hl7ParseException(1, string.Empty, $"message must start with an MSH segment, found '{found}'");
        }

        var headerLength = input.IndexOfAny((byte)'\r', (byte)'\n');
        var headerBytes = headerLength < 0 ? input : input[..headerLength];
        var header = Encoding.Latin1.GetString(headerBytes);
        var delimiters = Hl7Delimiters.FromHeader(header);
        var charset = ReadCharset(header, delimiters);
        return ParseText(Decode(input, charset), delimiters, charset);
    }

    private static Hl7Message ParseText(string text, Hl7Delimiters delimiters, string charset)
    {
        var lines = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var segments = new List<Hl7Segment>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            segments.Add(ParseSegment(lines[i], i + 1, delimiters));
        }

        var message = new Hl7Message(delimiters, segments, charset);
        CheckHeader(message);
        return message;
    }

    private static ReadOnlySpan<byte> StripMllp(ReadOnlySpan<byte> input)
    {
        var start = input.IndexOfAnyExcept("\r\n\t "u8);
        if (start < 0 || input[start] != MllpStart)
        {
            return input;
        }

        var end = input.LastIndexOf(MllpEnd);
        if (end < start)
        {
            throw new Hl7ParseException(0, string.Empty, "MLLP frame has a start block (0x0B) but no end block (0x1C)");
        }

        return input[(start + 1)..end];
    }

    private static string ReadCharset(string header, Hl7Delimiters delimiters)
    {
        // MSH-18 is the 17th separator-delimited part after "MSH" (MSH-1 is the separator itself).
        var parts = header.Split(delimiters.Field);
        return parts.Length > 17 ? parts[17].Split(delimiters.Repetition)[0].Trim() : string.Empty;
    }

    private static string Decode(ReadOnlySpan<byte> input, string charset)
    {
        switch (charset.ToUpperInvariant())
        {
            case "" or "UNICODE UTF-8":
                try
                {
                    return new UTF8Encoding(false, true).GetString(input);
                }
                catch (DecoderFallbackException)
                {
                    var declared = charset.Length == 0 ? "no character set is declared in MSH-18" : "MSH-18 declares UNICODE UTF-8";
                    throw new Hl7ParseException(0, "MSH-18", $"message is not valid UTF-8 but {declared} (wrong encoding; a Latin-1 sender must declare 8859/1)");
                }

            case "ASCII":
                if (input.ContainsAnyExceptInRange((byte)0x01, (byte)0x7F))
                {
                    throw new Hl7ParseException(0, "MSH-18", "MSH-18 declares ASCII but the message contains non-ASCII bytes (wrong encoding)");
                }

                return Encoding.ASCII.GetString(input);
            case "8859/1":
                return Encoding.Latin1.GetString(input);
            default:
                throw new Hl7ParseException(1, "MSH-18", $"unsupported character set '{charset}' (supported: ASCII, 8859/1, UNICODE UTF-8)");
        }
    }

    private static Hl7Segment ParseSegment(string line, int index, Hl7Delimiters d)
    {
        if (line.Length < 3 || !IsSegmentName(line.AsSpan(0, 3)) || (line.Length > 3 && line[3] != d.Field))
        {
            // Only the would-be segment name is quoted: the rest of the line may be patient data.
            var shown = line.Length > 3 ? line[..3] + "…" : line;
            throw new Hl7ParseException(index, string.Empty, $"malformed or truncated segment '{shown}' (expected a 3-character segment name followed by '{d.Field}')");
        }

        var name = line[..3];
        var parts = line.Split(d.Field);
        var fields = new List<Hl7Field>(parts.Length);
        if (name == "MSH")
        {
            if (index != 1)
            {
                throw new Hl7ParseException(index, "MSH", "a second MSH segment inside one message (a batch must be split first)");
            }

            fields.Add(new Hl7Field(d.Field.ToString(), [Leaf(d.Field.ToString())]));
            fields.Add(new Hl7Field(parts[1], [Leaf(parts[1])]));
            for (var f = 2; f < parts.Length; f++)
            {
                fields.Add(ParseField(parts[f], d, index, $"MSH-{f + 1}"));
            }
        }
        else
        {
            for (var f = 1; f < parts.Length; f++)
            {
                fields.Add(ParseField(parts[f], d, index, $"{name}-{f}"));
            }
        }

        return new Hl7Segment(name, index, fields);
    }

    private static Hl7Field ParseField(string raw, Hl7Delimiters d, int segment, string fieldName)
    {
        if (raw.Length == 0)
        {
            return new Hl7Field(raw, []);
        }

        var repetitions = raw.Split(d.Repetition)
            .Select(rep => new Hl7Repetition(rep.Split(d.Component)
                .Select(component => (IReadOnlyList<string>)component.Split(d.Subcomponent)
                    .Select(sub => Hl7Escaping.Unescape(sub, d, segment, fieldName))
                    .ToArray())
                .ToArray()))
            .ToArray();
        return new Hl7Field(raw, repetitions);
    }

    private static Hl7Repetition Leaf(string value) => new([[value]]);

    private static bool IsSegmentName(ReadOnlySpan<char> name) =>
        char.IsAsciiLetterUpper(name[0])
        && (char.IsAsciiLetterUpper(name[1]) || char.IsAsciiDigit(name[1]))
        && (char.IsAsciiLetterUpper(name[2]) || char.IsAsciiDigit(name[2]));

    private static void CheckHeader(Hl7Message message)
    {
        var msh = message.Header;
        msh.Required(9, "message type");
        if (message.TriggerEvent.Length == 0)
        {
            throw new Hl7ParseException(1, "MSH-9", "message type has no trigger event (expected e.g. ADT^A01)");
        }

        msh.Required(10, "message control id");
        var version = msh.Required(12, "version id").Component(1);
        if (!version.StartsWith("2.", StringComparison.Ordinal))
        {
            throw new Hl7ParseException(1, "MSH-12", $"unsupported HL7 version '{version}' (expected 2.x)");
        }
    }
}
