using System.Text.Json.Serialization;

namespace EmrShare.Core;

/// <summary>
/// A patient's per-hospital pseudonym: the address of a key derived for that hospital only. Typed apart from
/// <see cref="ChainAddress"/> so a hospital or practitioner address cannot be passed where a patient is meant.
/// </summary>
[JsonConverter(typeof(HexIdJsonConverter<Pseudonym>))]
public readonly record struct Pseudonym(ChainAddress Address) : IHexId<Pseudonym>
{
    public static Pseudonym Parse(string text) => new(ChainAddress.Parse(text));

    public override string ToString() => Address.ToString();
}
