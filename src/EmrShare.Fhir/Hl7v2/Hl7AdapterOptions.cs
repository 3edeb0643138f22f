namespace EmrShare.Fhir.Hl7v2;

/// <summary>Per-hospital settings of the HL7 v2 adapter.</summary>
public sealed record Hl7AdapterOptions
{
    /// <summary>Offset assumed for HL7 times sent without one (FHIR requires a zone once a time is given).</summary>
    public TimeSpan AssumedOffset { get; init; } = TimeSpan.Zero;

    /// <summary>MSH-3/MSH-4 written on messages this hospital generates (FHIR → ORU^R01).</summary>
    public string SendingApplication { get; init; } = "EMRSHARE";

    public string SendingFacility { get; init; } = "EMRSHARE";

    public string ReceivingApplication { get; init; } = string.Empty;

    public string ReceivingFacility { get; init; } = string.Empty;

    /// <summary>MSH-11 processing id (P production, T training, D debugging).</summary>
    public string ProcessingId { get; init; } = "P";
}
