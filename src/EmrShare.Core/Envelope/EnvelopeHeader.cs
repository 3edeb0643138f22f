using System.Buffers.Binary;
using System.Text;

namespace EmrShare.Core.Envelope;

/// <summary>
/// Header of the binary record envelope (format version 1, see docs/crypto.md). The whole header is part of
/// every chunk's associated data, so any header change is detected by the first chunk's tag.
/// </summary>
public sealed record EnvelopeHeader(
    RecordBinding Binding,
    byte[] KeyCheck,
    byte[] BaseNonce,
    int ChunkSize,
    long PlaintextLength)
{
    public static ReadOnlySpan<byte> Magic => "EMRE"u8;
    public const byte FormatVersion = 1;
    public const int KeyCheckSize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int MaxChunkSize = 16 * 1024 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Layout: magic(4) ‖ format(1) ‖ recordId(32) ‖ version(4) ‖ typeLength(1) ‖ contentType ‖ keyCheck(16)
    //         ‖ baseNonce(12) ‖ chunkSize(4) ‖ plaintextLength(8); all integers big-endian.
    private const int FormatOffset = 4;
    private const int RecordIdOffset = FormatOffset + 1;
    private const int VersionOffset = RecordIdOffset + 32;
    private const int TypeLengthOffset = VersionOffset + 4;

    /// <summary>Size of the part before the content type (magic … type length): what a reader buffers first.</summary>
    public const int FixedPrefixSize = TypeLengthOffset + 1;

    /// <summary>Size of the part after the content type (key check … plaintext length).</summary>
    public const int FixedSuffixSize = KeyCheckSize + NonceSize + 4 + 8;

    /// <summary>Upper bound on a header's size, for readers that must buffer it first.</summary>
    public const int MaxSize = FixedPrefixSize + 255 + FixedSuffixSize;

    /// <summary>Encoded size of a header whose content type is <paramref name="contentType"/>.</summary>
    public static int SizeFor(string contentType) => FixedPrefixSize + Encoding.UTF8.GetByteCount(contentType) + FixedSuffixSize;

    /// <summary>This header's encoded size.</summary>
    public int Size => SizeFor(Binding.ContentType);

    public long ChunkCount => Math.Max(1, (PlaintextLength + ChunkSize - 1) / ChunkSize);

    /// <summary>Total envelope size: header, ciphertext (same length as plaintext) and one tag per chunk.</summary>
    public long EnvelopeLength(int headerLength) => headerLength + PlaintextLength + (ChunkCount * TagSize);

    public byte[] Encode()
    {
        var buffer = new byte[Size];
        EncodeTo(buffer);
        return buffer;
    }

    /// <summary>Writes the header into <paramref name="destination"/> (at least <see cref="Size"/> bytes); returns its length.</summary>
    public int EncodeTo(Span<byte> destination) => Write(destination, Binding, KeyCheck, BaseNonce, ChunkSize, PlaintextLength);

    /// <summary>
    /// Writes a header from its parts (what <see cref="EncodeTo"/> writes for a header with these fields), so a
    /// one-shot encryption builds no header object; returns its length.
    /// </summary>
    internal static int Write(Span<byte> destination, RecordBinding binding, ReadOnlySpan<byte> keyCheck, ReadOnlySpan<byte> baseNonce, int chunkSize, long plaintextLength)
    {
        var typeLength = Encoding.UTF8.GetByteCount(binding.ContentType);
        if (typeLength is 0 or > byte.MaxValue)
        {
            throw new EnvelopeFormatException("a content type is 1 to 255 UTF-8 bytes");
        }

        var size = FixedPrefixSize + typeLength + FixedSuffixSize;
        if (destination.Length < size)
        {
            throw new ArgumentException($"destination needs {size} bytes", nameof(destination));
        }

        Magic.CopyTo(destination);
        destination[FormatOffset] = FormatVersion;
        binding.RecordId.AsHash32.CopyTo(destination.Slice(RecordIdOffset, 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[VersionOffset..], binding.Version);
        destination[TypeLengthOffset] = (byte)typeLength;
        var offset = FixedPrefixSize + Encoding.UTF8.GetBytes(binding.ContentType, destination[FixedPrefixSize..]);
        keyCheck.CopyTo(destination[offset..]);
        offset += KeyCheckSize;
        baseNonce.CopyTo(destination[offset..]);
        offset += NonceSize;
        BinaryPrimitives.WriteInt32BigEndian(destination[offset..], chunkSize);
        BinaryPrimitives.WriteInt64BigEndian(destination[(offset + 4)..], plaintextLength);
        return size;
    }

    /// <summary>Parses a header; returns it and its encoded length. Malformed input → <see cref="EnvelopeFormatException"/>.</summary>
    public static (EnvelopeHeader Header, int Length) Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedPrefixSize || !data[..Magic.Length].SequenceEqual(Magic))
        {
            throw new EnvelopeFormatException("not an EmrShare record envelope (bad magic or truncated header)");
        }

        if (data[FormatOffset] != FormatVersion)
        {
            throw new EnvelopeFormatException($"unsupported envelope format version {data[FormatOffset]}");
        }

        var recordId = RecordId.FromBytes(data.Slice(RecordIdOffset, 32));
        var version = BinaryPrimitives.ReadUInt32BigEndian(data[VersionOffset..]);
        int typeLength = data[TypeLengthOffset];
        var length = FixedPrefixSize + typeLength + FixedSuffixSize;
        if (data.Length < length)
        {
            throw new EnvelopeFormatException("truncated envelope header");
        }

        if (version == 0 || typeLength == 0)
        {
            throw new EnvelopeFormatException("envelope header has version 0 or an empty content type");
        }

        string contentType;
        try
        {
            contentType = StrictUtf8.GetString(data.Slice(FixedPrefixSize, typeLength));
        }
        catch (DecoderFallbackException ex)
        {
            throw new EnvelopeFormatException("content type is not UTF-8", ex);
        }

        var offset = FixedPrefixSize + typeLength;
        var keyCheck = data.Slice(offset, KeyCheckSize).ToArray();
        offset += KeyCheckSize;
        var nonce = data.Slice(offset, NonceSize).ToArray();
        offset += NonceSize;
        var chunkSize = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
        var plaintextLength = BinaryPrimitives.ReadInt64BigEndian(data[(offset + 4)..]);
        if (chunkSize is <= 0 or > MaxChunkSize || plaintextLength < 0)
        {
            throw new EnvelopeFormatException("envelope header has an invalid chunk size or length");
        }

        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw new EnvelopeFormatException("envelope header has a blank content type");
        }

        var binding = new RecordBinding(recordId, version, contentType);
        return (new EnvelopeHeader(binding, keyCheck, nonce, chunkSize, plaintextLength), length);
    }
}
