using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Fuzz.Tests.Infrastructure;

namespace EmrShare.Fuzz.Tests.Core;

/// <summary>
/// Record envelopes from an untrusted store: reading or decrypting a modified envelope fails with a documented
/// <see cref="EmrShareSecurityException"/> (format, tampered, mismatch, wrong key), and never yields other bytes
/// than the ones encrypted (integrity).
/// </summary>
public sealed class EnvelopeFuzzTests : IDisposable
{
    private static readonly byte[] Plaintext = RandomNumberGenerator.GetBytes(300);
    private readonly DataKey _key = DataKey.Generate();
    private readonly RecordBinding _binding = new(RecordId.New(), 3, "application/fhir+json");
    private readonly byte[][] _envelopes;

    public EnvelopeFuzzTests()
    {
        // Single-chunk, multi-chunk (exercises per-chunk tags and ordering) and empty plaintext.
        _envelopes =
        [
            RecordCipher.Encrypt(Plaintext, _binding, _key),
            RecordCipher.Encrypt(Plaintext, _binding, _key, chunkSize: 64),
            RecordCipher.Encrypt([], _binding, _key),
        ];
    }

    [Fact]
    public async Task Decrypt_MutatedEnvelopes_OnlySecurityExceptionsAndNeverOtherPlaintext()
    {
        var target = FuzzTarget<byte[]>.Sync(
            "RecordCipher.Decrypt",
            random => Mutator.Bytes(random, _envelopes, 512),
            envelope =>
            {
                _ = RecordCipher.ReadHeader(envelope);
                var plaintext = RecordCipher.Decrypt(envelope, _binding, _key);
                // Only an unmodified envelope may decrypt; then it yields exactly one of the original plaintexts.
                FuzzInvariantException.Require(_envelopes.Any(e => e.AsSpan().SequenceEqual(envelope)), "a modified envelope decrypted");
                FuzzInvariantException.Require(plaintext.Length == 0 || plaintext.AsSpan().SequenceEqual(Plaintext), "decryption returned other bytes");
            },
            e => e is EmrShareSecurityException,
            Convert.ToHexStringLower) with
        {
            ExpectsAccepted = false,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ReadHeader_MutatedEnvelopes_OnlyEnvelopeFormatException()
    {
        var target = FuzzTarget<byte[]>.Sync(
            "RecordCipher.ReadHeader",
            random => Mutator.Bytes(random, _envelopes, 512),
            envelope =>
            {
                var header = RecordCipher.ReadHeader(envelope);
                _ = RecordCipher.PlaintextLength(envelope);
                FuzzInvariantException.Require(header.ChunkSize > 0 && header.PlaintextLength >= 0 && header.Binding.Version > 0, "header accepted with invalid fields");
            },
            e => e is EnvelopeFormatException,
            Convert.ToHexStringLower);
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DecryptStream_MutatedEnvelopes_OnlySecurityExceptions()
    {
        var target = new FuzzTarget<byte[]>(
            "RecordCipherStreams.DecryptAsync",
            random => Mutator.Bytes(random, _envelopes, 512),
            async envelope =>
            {
                using var input = new MemoryStream(envelope);
                using var output = new MemoryStream();
                await RecordCipherStreams.DecryptAsync(input, output, _binding, _key, CancellationToken.None);
                FuzzInvariantException.Require(_envelopes.Any(e => e.AsSpan().SequenceEqual(envelope)), "a modified envelope decrypted (stream)");
            },
            e => e is EmrShareSecurityException,
            Convert.ToHexStringLower) with
        {
            ExpectsAccepted = false,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    public void Dispose() => _key.Dispose();
}
