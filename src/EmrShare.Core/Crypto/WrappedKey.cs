using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace EmrShare.Core.Crypto;

/// <summary>
/// A data key wrapped for one reader (ECIES on secp256k1). Layout v1, 114 bytes:
/// version(1) ‖ reader address(20) ‖ ephemeral public key, compressed(33) ‖ nonce(12) ‖ ciphertext(32) ‖ tag(16).
/// <see cref="Digest"/> (SHA-256 of the encoding) is what manifests commit to.
/// </summary>
[JsonConverter(typeof(HexIdJsonConverter<WrappedKey>))]
public sealed class WrappedKey : IEquatable<WrappedKey>, IHexId<WrappedKey>
{
    public const byte FormatVersion = 1;
    public const int Length = 1 + 20 + 33 + 12 + 32 + 16;
    private readonly byte[] _encoded;

    private WrappedKey(byte[] encoded) => _encoded = encoded;

    public static WrappedKey FromBytes(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != Length)
        {
            throw new EnvelopeFormatException($"a wrapped key is {Length} bytes, got {encoded.Length}");
        }

        if (encoded[0] != FormatVersion)
        {
            throw new EnvelopeFormatException($"unsupported wrapped-key version {encoded[0]}");
        }

        return new WrappedKey(encoded.ToArray());
    }

    public static WrappedKey Parse(string text) => FromBytes(HexBytes.Parse(text, Length, "wrapped key"));

    public ChainAddress ReaderAddress => ChainAddress.FromBytes(_encoded.AsSpan(1, 20));

    public Hash32 Digest => Hash32.FromBytes(SHA256.HashData(_encoded));

    internal ReadOnlySpan<byte> Header => _encoded.AsSpan(0, 66);

    internal ReadOnlySpan<byte> EphemeralPublicKey => _encoded.AsSpan(21, 33);

    internal ReadOnlySpan<byte> Nonce => _encoded.AsSpan(54, 12);

    internal ReadOnlySpan<byte> Ciphertext => _encoded.AsSpan(66, 32);

    internal ReadOnlySpan<byte> Tag => _encoded.AsSpan(98, 16);

    public byte[] ToBytes() => (byte[])_encoded.Clone();

    public override string ToString() => HexBytes.ToHex(_encoded);

    public bool Equals(WrappedKey? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    public override bool Equals(object? obj) => Equals(obj as WrappedKey);

    public override int GetHashCode() => BitConverter.ToInt32(_encoded, 54);
}
