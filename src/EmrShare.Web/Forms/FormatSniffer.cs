namespace EmrShare.Web.Forms;

/// <summary>
/// Catches the common paste mistake before the validator does: an HL7 v2 message or a C-CDA document submitted with a
/// FHIR format chosen. The validator would refuse it too, but with FHIR parser wording; this says what it looks like.
/// </summary>
internal static class FormatSniffer
{
    /// <summary>A message for the content field when <paramref name="content"/> clearly is not what <paramref name="format"/> says; else null.</summary>
    public static string? Mismatch(string format, ReadOnlySpan<byte> content)
    {
        var head = System.Text.Encoding.UTF8.GetString(content[..Math.Min(content.Length, 4096)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n', '\v');
        var isFhir = format.StartsWith("application/fhir", StringComparison.Ordinal);
        if (isFhir && (head.StartsWith("MSH|", StringComparison.Ordinal) || head.StartsWith("FHS|", StringComparison.Ordinal)
            || head.StartsWith("BHS|", StringComparison.Ordinal) || head.StartsWith('\v')))
        {
            return "This looks like HL7 v2 (it starts with an MSH segment), not FHIR. Choose “HL7 v2 message” as the format.";
        }

        if (isFhir && head.StartsWith('<') && head.Contains("ClinicalDocument", StringComparison.Ordinal))
        {
            return "This looks like a C-CDA document (ClinicalDocument), not FHIR. Choose “C-CDA document” as the format.";
        }

        if (format.EndsWith("json", StringComparison.Ordinal) && head.StartsWith('<'))
        {
            return "This looks like XML, not JSON. Choose “FHIR XML” as the format.";
        }

        return null;
    }
}
