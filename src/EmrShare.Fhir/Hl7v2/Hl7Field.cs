namespace EmrShare.Fhir.Hl7v2;

/// <summary>One repetition of a field: components, each a list of unescaped subcomponents.</summary>
public sealed class Hl7Repetition(IReadOnlyList<IReadOnlyList<string>> components)
{
    public IReadOnlyList<IReadOnlyList<string>> Components { get; } = components;

    /// <summary>First subcomponent of component <paramref name="component"/> (1-based); empty when absent.</summary>
    public string Component(int component) => Sub(component, 1);

    public string Sub(int component, int subcomponent)
    {
        if (component < 1 || component > Components.Count)
        {
            return string.Empty;
        }

        var subs = Components[component - 1];
        return subcomponent < 1 || subcomponent > subs.Count ? string.Empty : subs[subcomponent - 1];
    }

    public bool IsEmpty => Components.All(c => c.All(s => s.Length == 0));
}

/// <summary>A field: its repetitions (already split and unescaped) and the raw text as received.</summary>
public sealed class Hl7Field(string raw, IReadOnlyList<Hl7Repetition> repetitions)
{
    public static Hl7Field Empty { get; } = new(string.Empty, []);

    public string Raw { get; } = raw;

    public IReadOnlyList<Hl7Repetition> Repetitions { get; } = repetitions;

    /// <summary>The whole first component of the first repetition (the usual "value" of a simple field).</summary>
    public string Value => Component(1);

    /// <summary>HL7's explicit null <c>""</c> ("delete this value"), distinct from an absent value.</summary>
    public bool IsNull => Raw == "\"\"";

    public bool IsEmpty => Repetitions.All(r => r.IsEmpty) || IsNull;

    public string Component(int component) => Repetitions.Count == 0 ? string.Empty : Repetitions[0].Component(component);

    public string Sub(int component, int subcomponent) =>
        Repetitions.Count == 0 ? string.Empty : Repetitions[0].Sub(component, subcomponent);

    public Hl7Repetition? First => Repetitions.Count == 0 ? null : Repetitions[0];
}
