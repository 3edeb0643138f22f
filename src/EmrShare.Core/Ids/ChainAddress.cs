using System.Text.Json.Serialization;
using Nethereum.Util;

namespace EmrShare.Core;

/// <summary>A 20-byte Ethereum address; equality ignores checksum case, <see cref="ToString"/> gives EIP-55 form.</summary>
[JsonConverter(typeof(HexIdJsonConverter<ChainAddress>))]
public readonly record struct ChainAddress : IHexId<ChainAddress>
{
    private const string ZeroHex = "0x0000000000000000000000000000000000000000";
    private readonly string? _lower;

    private ChainAddress(string lower) => _lower = lower;

    public static ChainAddress Zero => default;

    public static ChainAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20)
        {
            throw new EnvelopeFormatException($"an address must be 20 bytes, got {bytes.Length}");
        }

        return new ChainAddress(HexBytes.ToHex(bytes));
    }

    public static ChainAddress Parse(string text) => FromBytes(HexBytes.Parse(text, 20, "address"));

    public byte[] ToBytes() => HexBytes.Parse(Lower, 20);

    /// <summary>Lowercase 0x form, stable for use as a dictionary key or file name.</summary>
    public string Lower => _lower ?? ZeroHex;

    public override string ToString() => AddressUtil.Current.ConvertToChecksumAddress(Lower);

    public bool Equals(ChainAddress other) => string.Equals(Lower, other.Lower, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Lower);
}
