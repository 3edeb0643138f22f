using System.Text.RegularExpressions;

namespace EmrShare.Fhir;

/// <summary>
/// Error messages leave the node (ProblemDetails, CLI output, import reports) and must never quote the input,
/// which may be PHI (a name, a birth date, a free-text value). Every quoted fragment — ours or a third-party
/// reader's (Firely, System.Text.Json, XmlReader) — is replaced by <c>'…'</c>; locations (segment, field,
/// element path, line) stay, so the sender can still find what to fix.
/// </summary>
public static partial class InputRedaction
{
    public const string Placeholder = "'…'";

    /// <summary>Replaces every '…' or "…" span (first to last quote of a kind on a line, so an embedded quote
    /// such as O'Brien cannot end the span early and leak the rest).</summary>
    public static string Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IndexOfAny(['\'', '"', '`']) < 0)
        {
            return message;
        }

        var redacted = SingleQuoted().Replace(message, Placeholder);
        redacted = DoubleQuoted().Replace(redacted, Placeholder);
        return BackQuoted().Replace(redacted, Placeholder);
    }

    [GeneratedRegex("'[^\\r\\n]*'", RegexOptions.CultureInvariant)]
    private static partial Regex SingleQuoted();

    [GeneratedRegex("\"[^\\r\\n]*\"", RegexOptions.CultureInvariant)]
    private static partial Regex DoubleQuoted();

    [GeneratedRegex("`[^\\r\\n]*`", RegexOptions.CultureInvariant)]
    private static partial Regex BackQuoted();
}
