using EmrShare.Core.Errors;

namespace EmrShare.Fhir.Codec;

/// <summary>
/// Thrown when FHIR input is unreadable or fails validation; carries every issue found (not only the first),
/// so a hospital can fix its export in one round.
/// </summary>
[ErrorKind(ErrorKind.Unprocessable)]
public sealed class FhirValidationException : EmrFormatException
{
    public FhirValidationException(IReadOnlyList<FhirValidationIssue> issues)
        : base(BuildMessage(issues))
    {
        Issues = issues;
    }

    public FhirValidationException(FhirValidationIssue issue)
        : this([issue])
    {
    }

    public IReadOnlyList<FhirValidationIssue> Issues { get; }

    public override string Format => "fhir";

    private static string BuildMessage(IReadOnlyList<FhirValidationIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        const int shown = 5;
        var head = string.Join("; ", issues.Take(shown));
        var more = issues.Count > shown ? $" (+{issues.Count - shown} more)" : string.Empty;
        return $"invalid FHIR resource: {issues.Count} issue(s): {head}{more}";
    }
}
