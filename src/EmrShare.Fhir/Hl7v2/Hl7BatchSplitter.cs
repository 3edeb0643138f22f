using System.Text;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// Splits a file or stream holding many messages: MLLP frames (0x0B … 0x1C 0x0D), or plain text where each
/// MSH starts a message and batch envelopes (FHS/BHS/BTS/FTS) are dropped. Bytes are kept exactly, so the
/// per-message parser still sees the original encoding.
/// </summary>
public static class Hl7BatchSplitter
{
    public static IReadOnlyList<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> content)
    {
        var span = content.Span;
        return span.IndexOf((byte)0x0B) >= 0 ? SplitMllp(content) : SplitText(content);
    }

    private static List<ReadOnlyMemory<byte>> SplitMllp(ReadOnlyMemory<byte> content)
    {
        var messages = new List<ReadOnlyMemory<byte>>();
        var span = content.Span;
        var offset = 0;
        while (true)
        {
            var start = span[offset..].IndexOf((byte)0x0B);
            if (start < 0)
            {
                break;
            }

            start += offset;
            var end = span[start..].IndexOf((byte)0x1C);

            // An unterminated last frame is handed on as is: the parser reports it for that message only.
            var stop = end < 0 ? span.Length : start + end + 1;
            messages.Add(content[start..stop]);
            offset = stop;
        }

        return messages;
    }

    private static List<ReadOnlyMemory<byte>> SplitText(ReadOnlyMemory<byte> content)
    {
        // Latin-1 maps bytes 1:1 to chars, so offsets in the text are offsets in the bytes.
        var text = Encoding.Latin1.GetString(content.Span);
        var messages = new List<ReadOnlyMemory<byte>>();
        var start = -1;
        var position = 0;
        foreach (var line in text.Split('\n'))
        {
            foreach (var segment in SplitCr(line, position))
            {
                var name = segment.Text.Length >= 3 ? segment.Text[..3] : segment.Text;
                if (name is "MSH" or "FHS" or "BHS" or "BTS" or "FTS")
                {
                    if (start >= 0)
                    {
                        messages.Add(content[start..segment.Offset]);
                        start = -1;
                    }

                    if (name == "MSH")
                    {
                        start = segment.Offset;
                    }
                }
                else if (start < 0 && segment.Text.Trim().Length > 0)
                {
                    // Text before any MSH is a message of its own, which the parser will reject with a clear error.
                    start = segment.Offset;
                }
            }

            position += line.Length + 1;
        }

        if (start >= 0)
        {
            messages.Add(content[start..]);
        }

        return messages;
    }

    private static IEnumerable<(string Text, int Offset)> SplitCr(string line, int offset)
    {
        var at = 0;
        foreach (var part in line.Split('\r'))
        {
            yield return (part, offset + at);
            at += part.Length + 1;
        }
    }
}
