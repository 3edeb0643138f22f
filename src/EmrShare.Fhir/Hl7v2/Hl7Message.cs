namespace EmrShare.Fhir.Hl7v2;

/// <summary>A parsed HL7 v2 message: delimiters, header facts and segments in order.</summary>
public sealed class Hl7Message(Hl7Delimiters delimiters, IReadOnlyList<Hl7Segment> segments, string charset)
{
    public Hl7Delimiters Delimiters { get; } = delimiters;

    public IReadOnlyList<Hl7Segment> Segments { get; } = segments;

    /// <summary>MSH-18 as declared (empty = none declared).</summary>
    public string Charset { get; } = charset;

    public Hl7Segment Header => Segments[0];

    /// <summary>MSH-9.1, e.g. <c>ADT</c>.</summary>
    public string MessageType => Header.Field(9).Component(1);

    /// <summary>MSH-9.2, e.g. <c>A01</c>.</summary>
    public string TriggerEvent => Header.Field(9).Component(2);

    /// <summary>MSH-10.</summary>
    public string ControlId => Header.Field(10).Value;

    /// <summary>MSH-12.1, e.g. <c>2.5</c>.</summary>
    public string Version => Header.Field(12).Component(1);

    public IEnumerable<Hl7Segment> All(string name) => Segments.Where(s => s.Name == name);

    public Hl7Segment? Find(string name) => Segments.FirstOrDefault(s => s.Name == name);

    public Hl7Segment Required(string name) =>
        Find(name) ?? throw new Hl7ParseException(0, name, $"{MessageType}^{TriggerEvent} message has no {name} segment");
}
