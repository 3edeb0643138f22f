namespace EmrShare.Fhir.Hl7v2;

/// <summary>The delimiters a message declares in MSH-1 and MSH-2 (defaults <c>|^~\&amp;</c>).</summary>
public sealed record Hl7Delimiters(char Field, char Component, char Repetition, char Escape, char Subcomponent)
{
    public static Hl7Delimiters Default { get; } = new('|', '^', '~', '\\', '&');

    /// <summary>MSH-2 as written in the message.</summary>
    public string EncodingCharacters => new([Component, Repetition, Escape, Subcomponent]);

    /// <summary>
    /// Reads MSH-1 and MSH-2 from the first segment. Each delimiter must be a distinct printable,
    /// non-alphanumeric character; anything else means the sender's framing cannot be trusted.
    /// </summary>
    public static Hl7Delimiters FromHeader(string msh)
    {
        ArgumentNullException.ThrowIfNull(msh);
        if (msh.Length < 8)
        {
            throw new Hl7ParseException(1, "MSH-2", "MSH is truncated before its encoding characters");
        }

        var field = msh[3];
        var end = msh.IndexOf(field, 4);
        var encoding = end < 0 ? msh[4..] : msh[4..end];

        // v2.7 adds a fifth (truncation) character; it is tolerated and ignored.
        if (encoding.Length is < 4 or > 5)
        {
            throw new Hl7ParseException(1, "MSH-2", $"expected 4 encoding characters after the field separator, found '{encoding}'");
        }

        var all = new[] { field, encoding[0], encoding[1], encoding[2], encoding[3] };
        foreach (var c in all)
        {
            if (char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new Hl7ParseException(1, "MSH-2", $"delimiter '{c}' must be a printable non-alphanumeric character");
            }
        }

        if (all.Distinct().Count() != all.Length)
        {
            throw new Hl7ParseException(1, "MSH-2", "field separator and encoding characters must all differ");
        }

        return new Hl7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3]);
    }
}
