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

    /// <summary>Upper bound on a header's size, for readers that must buffer it first.</summary>
    public const int MaxSize = 4 + 1 + 32 + 4 + 1 + 255 + KeyCheckSize + NonceSize + 4 + 8;

    public long ChunkCount => Math.Max(1, (PlaintextLength + ChunkSize - 1) / ChunkSize);

    /// <summary>Total envelope size: header, ciphertext (same length as plaintext) and one tag per chunk.</summary>
    public long EnvelopeLength(int headerLength) => headerLength + PlaintextLength + (ChunkCount * TagSize);

    public byte[] Encode()
    {
        var contentType = Encoding.UTF8.GetBytes(Binding.ContentType);
        var buffer = new byte[4 + 1 + 32 + 4 + 1 + contentType.Length + KeyCheckSize + NonceSize + 4 + 8];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        span[4] = FormatVersion;
        Binding.RecordId.ToBytes().CopyTo(span[5..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[37..], Binding.Version);
        span[41] = (byte)contentType.Length;
        var offset = 42;
        contentType.CopyTo(span[offset..]);
        offset += contentType.Length;
        KeyCheck.CopyTo(span[offset..]);
        offset += KeyCheckSize;
        BaseNonce.CopyTo(span[offset..]);
        offset += NonceSize;
        BinaryPrimitives.WriteInt32BigEndian(span[offset..], ChunkSize);
        BinaryPrimitives.WriteInt64BigEndian(span[(offset + 4)..], PlaintextLength);
        return buffer;
    }

    /// <summary>Parses a header; returns it and its encoded length. Malformed input → <see cref="EnvelopeFormatException"/>.</summary>
    public static (EnvelopeHeader Header, int Length) Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 42 || !data[..4].SequenceEqual(Magic))
        {
            throw new EnvelopeFormatException("not an EmrShare record envelope (bad magic or truncated header)");
        }

        if (data[4] != FormatVersion)
        {
            throw new EnvelopeFormatException($"unsupported envelope format version {data[4]}");
        }

        var recordId = RecordId.FromBytes(data.Slice(5, 32));
        var version = BinaryPrimitives.ReadUInt32BigEndian(data[37..]);
        int typeLength = data[41];
        var length = 42 + typeLength + KeyCheckSize + NonceSize + 4 + 8;
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
            contentType = new UTF8Encoding(false, true).GetString(data.Slice(42, typeLength));
        }
        catch (DecoderFallbackException ex)
        {
            throw new EnvelopeFormatException("content type is not UTF-8", ex);
        }

        var offset = 42 + typeLength;
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
