using System.Buffers.Binary;
using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using EmrShare.Core.Crypto.Gcm;

namespace EmrShare.Core.Envelope;

/// <summary>
/// Encrypts a record version under its data key as a chunked AES-256-GCM envelope (format in docs/crypto.md).
/// Chunking bounds memory for streams and keeps one-shot calls on 16 MiB records fast; every chunk is
/// authenticated with the full header plus its index as associated data, so chunks cannot be reordered,
/// dropped or moved to another record.
/// </summary>
public static class RecordCipher
{
    public const int DefaultChunkSize = 1024 * 1024;
    private const int TagSize = EnvelopeHeader.TagSize;

    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, RecordBinding binding, DataKey key, int chunkSize = DefaultChunkSize)
    {
        // Every byte is overwritten, so skip zeroing (measurable at 16 MiB).
        var output = GC.AllocateUninitializedArray<byte>(EnvelopeLength(plaintext.Length, binding, chunkSize));
        EncryptTo(plaintext, binding, key, output, chunkSize);
        return output;
    }

    /// <summary>Exact envelope size for a plaintext length, so callers can encrypt into a pooled buffer.</summary>
    public static int EnvelopeLength(long plaintextLength, RecordBinding binding, int chunkSize = DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        CheckChunkSize(chunkSize);
        var length = EnvelopeHeader.SizeFor(binding.ContentType) + plaintextLength + (ChunkCount(plaintextLength, chunkSize) * TagSize);
        return length <= Array.MaxLength ? (int)length : throw new ArgumentOutOfRangeException(nameof(plaintextLength), "use RecordCipherStreams for records this large");
    }

    /// <summary>
    /// Encrypts into <paramref name="destination"/> (at least <see cref="EnvelopeLength"/> bytes); returns bytes written.
    /// Builds nothing on the heap: the header is written straight into the destination and the per-chunk nonce and
    /// associated data live on the stack, so a 1 KiB record costs little more than the AES-GCM call itself.
    /// </summary>
    public static int EncryptTo(ReadOnlySpan<byte> plaintext, RecordBinding binding, DataKey key, Span<byte> destination, int chunkSize = DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(key);
        var total = EnvelopeLength(plaintext.Length, binding, chunkSize);
        if (destination.Length < total)
        {
            throw new ArgumentException($"destination needs {total} bytes", nameof(destination));
        }

        Span<byte> baseNonce = stackalloc byte[EnvelopeHeader.NonceSize];
        NonceSource.Fill(baseNonce);
        var headerLength = EnvelopeHeader.Write(destination, binding, key.KeyCheck, baseNonce, chunkSize, plaintext.Length);
        Span<byte> aad = stackalloc byte[EnvelopeHeader.MaxSize + 8];
        aad = aad[..(headerLength + 8)];
        destination[..headerLength].CopyTo(aad);
        Span<byte> nonce = stackalloc byte[EnvelopeHeader.NonceSize];
        var aes = key.RentCipher();
        try
        {
            var position = headerLength;
            var chunks = ChunkCount(plaintext.Length, chunkSize);
            for (long i = 0; i < chunks; i++)
            {
                var start = (int)(i * chunkSize);
                var length = Math.Min(chunkSize, plaintext.Length - start);
                ChunkCrypto.Prepare(baseNonce, i, nonce, aad);
                aes.Encrypt(nonce, plaintext.Slice(start, length), destination.Slice(position, length), destination.Slice(position + length, TagSize), aad);
                position += length + TagSize;
            }
        }
        finally
        {
            key.ReturnCipher(aes);
        }

        return total;
    }

    private static long ChunkCount(long plaintextLength, int chunkSize) => Math.Max(1, (plaintextLength + chunkSize - 1) / chunkSize);

    private static void CheckChunkSize(int chunkSize)
    {
        if (chunkSize is <= 0 or > EnvelopeHeader.MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize));
        }
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> envelope, RecordBinding expected, DataKey key)
    {
        var plaintext = GC.AllocateUninitializedArray<byte>(PlaintextLength(envelope));
        DecryptTo(envelope, expected, key, plaintext);
        return plaintext;
    }

    /// <summary>Plaintext size announced by the header (authenticated only once decryption succeeds).</summary>
    public static int PlaintextLength(ReadOnlySpan<byte> envelope)
    {
        var length = EnvelopeHeader.Decode(envelope).Header.PlaintextLength;
        // An envelope shorter than its announced plaintext is truncated; checking here avoids a huge allocation.
        return length <= envelope.Length ? (int)length : throw new EnvelopeFormatException("envelope is truncated");
    }

    /// <summary>
    /// Decrypts into <paramref name="destination"/>; returns the plaintext length. On any failure the
    /// destination is cleared, so no unauthenticated plaintext is left behind.
    /// </summary>
    public static int DecryptTo(ReadOnlySpan<byte> envelope, RecordBinding expected, DataKey key, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(key);
        var (header, headerLength) = EnvelopeHeader.Decode(envelope);
        CheckHeader(header, expected, key);
        var total = header.EnvelopeLength(headerLength);
        if (envelope.Length < total)
        {
            throw new EnvelopeFormatException("envelope is truncated");
        }

        if (envelope.Length > total)
        {
            throw new EnvelopeFormatException("envelope has trailing bytes");
        }

        if (destination.Length < header.PlaintextLength)
        {
            throw new ArgumentException($"destination needs {header.PlaintextLength} bytes", nameof(destination));
        }

        Span<byte> aad = stackalloc byte[EnvelopeHeader.MaxSize + 8];
        aad = aad[..(headerLength + 8)];
        envelope[..headerLength].CopyTo(aad);
        Span<byte> nonce = stackalloc byte[EnvelopeHeader.NonceSize];
        var aes = key.RentCipher();
        var position = headerLength;
        long i = 0;
        try
        {
            for (; i < header.ChunkCount; i++)
            {
                var start = (int)(i * header.ChunkSize);
                var length = (int)Math.Min(header.ChunkSize, header.PlaintextLength - start);
                ChunkCrypto.Prepare(header.BaseNonce, i, nonce, aad);
                aes.Decrypt(nonce, envelope.Slice(position, length), envelope.Slice(position + length, TagSize), destination.Slice(start, length), aad);
                position += length + TagSize;
            }
        }
        catch (AuthenticationTagMismatchException ex)
        {
            CryptographicOperations.ZeroMemory(destination);
            throw new RecordTamperedException($"chunk {i} failed authentication", ex);
        }
        finally
        {
            key.ReturnCipher(aes);
        }

        return (int)header.PlaintextLength;
    }

    /// <summary>Reads the header only (e.g. to learn the binding before choosing a key).</summary>
    public static EnvelopeHeader ReadHeader(ReadOnlySpan<byte> envelope) => EnvelopeHeader.Decode(envelope).Header;

    internal static EnvelopeHeader NewHeader(RecordBinding binding, DataKey key, int chunkSize, long plaintextLength)
    {
        CheckChunkSize(chunkSize);
        return new EnvelopeHeader(binding, KeyCheck(key), NonceSource.Next(EnvelopeHeader.NonceSize), chunkSize, plaintextLength);
    }

    internal static void CheckHeader(EnvelopeHeader header, RecordBinding expected, DataKey key)
    {
        var actual = header.Binding;
        if (actual.RecordId != expected.RecordId || actual.Version != expected.Version
            || !string.Equals(actual.ContentType, expected.ContentType, StringComparison.Ordinal))
        {
            throw new RecordMismatchException("envelope belongs to another record, version or content type");
        }

        if (!CryptographicOperations.FixedTimeEquals(header.KeyCheck, KeyCheck(key)))
        {
            throw new WrongKeyException("the data key does not match this envelope");
        }
    }

    /// <summary>
    /// Key check value: a PRF of the key, so a wrong key is reported as such instead of as tampering.
    /// It reveals nothing usable about a random 256-bit key.
    /// </summary>
    private static byte[] KeyCheck(DataKey key) => key.KeyCheck;

    /// <summary>Per-chunk nonce and associated data over the key's (rented) AesGcm instance.</summary>
    internal sealed class ChunkCrypto : IDisposable
    {
        private readonly DataKey _key;
        private readonly GcmCipher _aes;
        private readonly byte[] _baseNonce;
        private readonly byte[] _nonce = new byte[EnvelopeHeader.NonceSize];
        private readonly byte[] _aad;

        public ChunkCrypto(DataKey key, EnvelopeHeader header, ReadOnlySpan<byte> headerBytes)
        {
            _key = key;
            _aes = key.RentCipher();
            _baseNonce = header.BaseNonce;
            _aad = new byte[headerBytes.Length + 8];
            headerBytes.CopyTo(_aad);
        }

        public void Seal(long index, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
        {
            Prepare(_baseNonce, index, _nonce, _aad);
            _aes.Encrypt(_nonce, plaintext, ciphertext, tag, _aad);
        }

        public void Open(long index, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
        {
            Prepare(_baseNonce, index, _nonce, _aad);
            try
            {
                _aes.Decrypt(_nonce, ciphertext, tag, plaintext, _aad);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new RecordTamperedException($"chunk {index} failed authentication", ex);
            }
        }

        // Nonce = random base XOR chunk index (as in TLS 1.3 record nonces): unique per chunk under one key.
        // The associated data is the header followed by the index (its last 8 bytes).
        internal static void Prepare(ReadOnlySpan<byte> baseNonce, long index, Span<byte> nonce, Span<byte> aad)
        {
            baseNonce.CopyTo(nonce);
            var counter = BinaryPrimitives.ReadUInt64BigEndian(nonce[4..]) ^ (ulong)index;
            BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], counter);
            BinaryPrimitives.WriteInt64BigEndian(aad[^8..], index);
        }

        public void Dispose() => _key.ReturnCipher(_aes);
    }
}
