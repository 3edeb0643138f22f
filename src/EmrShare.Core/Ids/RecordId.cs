using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace EmrShare.Core;

/// <summary>
/// Identifier of a logical record (all its versions): 32 random bytes, so it reveals nothing about the patient
/// or content and can be used as a bytes32 on chain.
/// </summary>
[JsonConverter(typeof(HexIdJsonConverter<RecordId>))]
public readonly record struct RecordId : IHexId<RecordId>
{
    private readonly Hash32 _value;

    private RecordId(Hash32 value) => _value = value;

    public static RecordId New() => new(Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));

    public static RecordId FromBytes(ReadOnlySpan<byte> bytes) => new(Hash32.FromBytes(bytes));

    public static RecordId Parse(string text) => new(Hash32.Parse(text));

    public Hash32 AsHash32 => _value;

    public byte[] ToBytes() => _value.ToBytes();

    public override string ToString() => _value.ToString();
}
