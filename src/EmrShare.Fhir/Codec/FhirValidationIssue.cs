namespace EmrShare.Fhir.Codec;

/// <summary>One reason a FHIR input was rejected: a machine code, where (FHIRPath-like location) and why.</summary>
/// <param name="Code">Stable code: a Firely code such as <c>PVAL105</c>/<c>JSON116</c>, or an EmrShare code <c>EMR…</c>.</param>
/// <param name="Location">Element path such as <c>Bundle.entry[2].fullUrl</c>; empty when the input could not be read at all.</param>
/// <param name="Message">Human-readable explanation; quoted input literals are redacted (they may be PHI).</param>
public sealed record FhirValidationIssue(string Code, string Location, string Message)
{
    public string Message { get; init; } = InputRedaction.Redact(Message);

    public override string ToString() =>
        Location.Length == 0 ? $"{Code}: {Message}" : $"{Code} at {Location}: {Message}";
}
