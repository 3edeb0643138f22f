using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace EmrShare.Fhir.Codec;

/// <summary>
/// A refused FHIR request as a FHIR R4 OperationOutcome, the way the Firely SDK reports one: each issue has a severity,
/// a code from the IssueType value set (http://hl7.org/fhir/issue-type), diagnostics, and the FHIRPath expression of
/// the element when it is known. The texts given are already redacted by the caller: nothing here quotes the input.
/// </summary>
public static class OperationOutcomes
{
    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>One outcome: one issue per validation issue, or one issue with <paramref name="diagnostics"/> when there are none.</summary>
    /// <param name="issueType">An IssueType code (e.g. <c>invalid</c>, <c>not-found</c>); an unknown code becomes <c>exception</c>.</param>
    /// <param name="fatal">The request could not be processed at all (a fault, not a refusal): severity <c>fatal</c>.</param>
    /// <param name="diagnostics">The one issue's text when there are no validation issues (already redacted).</param>
    /// <param name="issues">The validation issues, each becoming one OperationOutcome issue (already redacted and capped).</param>
    public static string ToJson(string issueType, bool fatal, string? diagnostics, IEnumerable<FhirValidationIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var code = EnumUtility.ParseLiteral<OperationOutcome.IssueType>(issueType) ?? OperationOutcome.IssueType.Exception;
        var severity = fatal ? OperationOutcome.IssueSeverity.Fatal : OperationOutcome.IssueSeverity.Error;
        var outcome = new OperationOutcome();
        foreach (var issue in issues)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = severity,
                Code = code,
                Details = new CodeableConcept { Text = issue.Code },
                Diagnostics = issue.Message,
                Expression = issue.Location.Length == 0 ? [] : [issue.Location],
            });
        }

        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics });
        }

        return Serializer.SerializeToString(outcome);
    }
}
