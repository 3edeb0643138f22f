using System.Text.Json.Serialization;

namespace EmrShare.Core;

/// <summary>A 32-byte value (digest, grant id, commitment, salt, Merkle node) kept as normalised lowercase hex.</summary>
[JsonConverter(typeof(HexIdJsonConverter<Hash32>))]
public readonly record struct Hash32 : IHexId<Hash32>
{
    private const string ZeroHex = "0x0000000000000000000000000000000000000000000000000000000000000000";
    private readonly string? _hex;

    private Hash32(string hex) => _hex = hex;

    public static Hash32 Zero => default;

    public bool IsZero => _hex is null || _hex == ZeroHex;

    public static Hash32 FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new EnvelopeFormatException($"a 32-byte value was expected, got {bytes.Length} bytes");
        }

        return new Hash32(HexBytes.ToHex(bytes));
    }

    public static Hash32 Parse(string text) => FromBytes(HexBytes.Parse(text, 32, "32-byte value"));

    public byte[] ToBytes() => HexBytes.Parse(ToString(), 32);

    /// <summary>Writes the 32 bytes into <paramref name="destination"/> without allocating (hot envelope paths).</summary>
    public void CopyTo(Span<byte> destination) => Convert.FromHexString(ToString().AsSpan(2), destination[..32], out _, out _);

    public override string ToString() => _hex ?? ZeroHex;

    public bool Equals(Hash32 other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
