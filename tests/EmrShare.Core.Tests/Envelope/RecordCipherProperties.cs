using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EmrShare.Core.Tests.Envelope;

/// <summary>
/// Properties over record sizes 0 B – 16 MiB. Sizes are drawn with a bias toward small records (most
/// FHIR resources) plus a few multi-MiB ones and the 16 MiB maximum, so the run stays within seconds.
/// </summary>
public sealed class RecordCipherProperties
{
    private const int MaxSize = 16 * 1024 * 1024;

    private static Arbitrary<(int Size, int Seed, int ChunkSize)> Cases() =>
        Gen.Zip(
            Gen.Frequency(
                (12, Gen.Choose(0, 4096)),
                (5, Gen.Choose(4097, 1024 * 1024)),
                (2, Gen.Choose(1024 * 1024, MaxSize - 1)),
                (1, Gen.Constant(MaxSize))),
            Gen.Zip(Gen.Choose(0, int.MaxValue - 1), Gen.Elements(1024, 65536, RecordCipher.DefaultChunkSize)))
        .Select(t => (t.Item1, t.Item2.Item1, t.Item2.Item2))
        .ToArbitrary();

    private static byte[] Data(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Property(MaxTest = 30)]
    public Property Decrypt_AnySizeUpTo16MiB_RoundTrips() => Prop.ForAll(Cases(), c =>
    {
        using var key = DataKey.Generate();
        var binding = new RecordBinding(RecordId.New(), 3, "application/fhir+json");
        var plaintext = Data(c.Size, c.Seed);
        var envelope = RecordCipher.Encrypt(plaintext, binding, key, c.ChunkSize);
        return RecordCipher.Decrypt(envelope, binding, key).AsSpan().SequenceEqual(plaintext);
    });

    [Property(MaxTest = 30)]
    public Property Decrypt_AnyFlippedBitAfterHeader_ThrowsTampered() => Prop.ForAll(Cases(), c =>
    {
        using var key = DataKey.Generate();
        var binding = new RecordBinding(RecordId.New(), 1, "application/fhir+json");
        var envelope = RecordCipher.Encrypt(Data(c.Size, c.Seed), binding, key, c.ChunkSize);
        var headerLength = (int)(envelope.Length - c.Size - (RecordCipher.ReadHeader(envelope).ChunkCount * 16));
        var random = new Random(c.Seed);
        var position = headerLength + random.Next(envelope.Length - headerLength);
        envelope[position] ^= (byte)(1 << random.Next(8));
        try
        {
            RecordCipher.Decrypt(envelope, binding, key);
            return false;
        }
        catch (RecordTamperedException)
        {
            return true;
        }
    });

    [Property(MaxTest = 200)]
    public Property Decrypt_AnyFlippedBitInSmallEnvelope_ThrowsSecurityException() => Prop.ForAll(
        Gen.Zip(Gen.Choose(0, 300), Gen.Choose(0, int.MaxValue - 1)).ToArbitrary(), t =>
        {
            using var key = DataKey.Generate();
            var binding = new RecordBinding(RecordId.New(), 1, "application/fhir+json");
            var envelope = RecordCipher.Encrypt(Data(t.Item1, t.Item2), binding, key, 64);
            var random = new Random(t.Item2);
            envelope[random.Next(envelope.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                RecordCipher.Decrypt(envelope, binding, key);
                return false;
            }
            catch (EmrShareSecurityException)
            {
                // Header flips surface as format, mismatch, wrong-key or tamper errors; body flips as tamper.
                return true;
            }
        });

    [Property(MaxTest = 15)]
    public Property DecryptAsync_StreamedEnvelope_EqualsOneShot() => Prop.ForAll(Cases(), c =>
    {
        using var key = DataKey.Generate();
        var binding = new RecordBinding(RecordId.New(), 2, "application/fhir+json");
        var plaintext = Data(c.Size, c.Seed);
        using var sealedStream = new MemoryStream();
        RecordCipherStreams.EncryptAsync(new MemoryStream(plaintext), plaintext.Length, sealedStream, binding, key, CancellationToken.None, c.ChunkSize)
            .GetAwaiter().GetResult();
        using var output = new MemoryStream();
        RecordCipherStreams.DecryptAsync(new MemoryStream(sealedStream.ToArray()), output, binding, key, CancellationToken.None).GetAwaiter().GetResult();
        return output.ToArray().AsSpan().SequenceEqual(plaintext)
            && RecordCipher.Decrypt(sealedStream.ToArray(), binding, key).AsSpan().SequenceEqual(plaintext);
    });

    [Fact]
    public void Decrypt_Exactly16MiB_RoundTrips()
    {
        using var key = DataKey.Generate();
        var binding = new RecordBinding(RecordId.New(), 1, "application/fhir+json");
        var plaintext = Data(MaxSize, 16);
        var envelope = RecordCipher.Encrypt(plaintext, binding, key);
        Assert.Equal(plaintext, RecordCipher.Decrypt(envelope, binding, key));
        envelope[^20] ^= 1;
        Assert.Throws<RecordTamperedException>(() => RecordCipher.Decrypt(envelope, binding, key));
    }
}
