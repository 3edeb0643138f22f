using System.Buffers;
using EmrShare.Core.Crypto;

namespace EmrShare.Core.Envelope;

/// <summary>
/// Streaming form of <see cref="RecordCipher"/>: memory stays at one chunk however large the record.
/// Decryption writes each chunk only after its tag verified; on an exception the caller must discard what
/// was written so far (a later chunk may still turn out tampered).
/// </summary>
public static class RecordCipherStreams
{
    public static async Task EncryptAsync(Stream plaintext, long plaintextLength, Stream output, RecordBinding binding, DataKey key,
        CancellationToken cancellationToken, int chunkSize = RecordCipher.DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        var header = RecordCipher.NewHeader(binding, key, chunkSize, plaintextLength);
        var headerBytes = header.Encode();
        await output.WriteAsync(headerBytes, cancellationToken);
        var input = ArrayPool<byte>.Shared.Rent(chunkSize);
        var sealedChunk = ArrayPool<byte>.Shared.Rent(chunkSize + EnvelopeHeader.TagSize);
        try
        {
            using var chunks = new RecordCipher.ChunkCrypto(key, header, headerBytes);
            for (long i = 0; i < header.ChunkCount; i++)
            {
                var length = (int)Math.Min(chunkSize, plaintextLength - (i * chunkSize));
                var read = await plaintext.ReadAtLeastAsync(input.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken);
                if (read < length)
                {
                    throw new ArgumentException("plaintext stream ended before the declared length", nameof(plaintext));
                }

                chunks.Seal(i, input.AsSpan(0, length), sealedChunk.AsSpan(0, length), sealedChunk.AsSpan(length, EnvelopeHeader.TagSize));
                await output.WriteAsync(sealedChunk.AsMemory(0, length + EnvelopeHeader.TagSize), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input, clearArray: true);
            ArrayPool<byte>.Shared.Return(sealedChunk);
        }
    }

    public static async Task DecryptAsync(Stream envelope, Stream output, RecordBinding expected, DataKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(expected);
        var headerBytes = await ReadHeaderAsync(envelope, cancellationToken);
        var (header, _) = EnvelopeHeader.Decode(headerBytes);
        RecordCipher.CheckHeader(header, expected, key);
        var sealedChunk = ArrayPool<byte>.Shared.Rent(header.ChunkSize + EnvelopeHeader.TagSize);
        var plain = ArrayPool<byte>.Shared.Rent(header.ChunkSize);
        try
        {
            using var chunks = new RecordCipher.ChunkCrypto(key, header, headerBytes);
            for (long i = 0; i < header.ChunkCount; i++)
            {
                var length = (int)Math.Min(header.ChunkSize, header.PlaintextLength - (i * header.ChunkSize));
                await ReadExactAsync(envelope, sealedChunk.AsMemory(0, length + EnvelopeHeader.TagSize), cancellationToken);
                chunks.Open(i, sealedChunk.AsSpan(0, length), sealedChunk.AsSpan(length, EnvelopeHeader.TagSize), plain.AsSpan(0, length));
                await output.WriteAsync(plain.AsMemory(0, length), cancellationToken);
            }

            if (await envelope.ReadAsync(sealedChunk.AsMemory(0, 1), cancellationToken) != 0)
            {
                throw new EnvelopeFormatException("envelope has trailing bytes");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(sealedChunk);
            ArrayPool<byte>.Shared.Return(plain, clearArray: true);
        }
    }

    private static async Task<byte[]> ReadHeaderAsync(Stream envelope, CancellationToken cancellationToken)
    {
        // Fixed part up to the content-type length byte, then the variable rest.
        var fixedPart = new byte[EnvelopeHeader.FixedPrefixSize];
        await ReadExactAsync(envelope, fixedPart, cancellationToken);
        if (!fixedPart.AsSpan(0, EnvelopeHeader.Magic.Length).SequenceEqual(EnvelopeHeader.Magic))
        {
            throw new EnvelopeFormatException("not an EmrShare record envelope (bad magic)");
        }

        var rest = new byte[fixedPart[^1] + EnvelopeHeader.FixedSuffixSize];
        await ReadExactAsync(envelope, rest, cancellationToken);
        return [.. fixedPart, .. rest];
    }

    private static async Task ReadExactAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException ex)
        {
            throw new EnvelopeFormatException("envelope is truncated", ex);
        }
    }
}
