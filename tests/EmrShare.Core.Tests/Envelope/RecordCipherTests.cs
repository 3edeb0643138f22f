using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;

namespace EmrShare.Core.Tests.Envelope;

public sealed class RecordCipherTests
{
    private static readonly RecordBinding Binding = new(RecordId.New(), 1, "application/fhir+json");

    private static byte[] Plaintext(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        return data;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(4097)]
    public void Decrypt_AfterEncrypt_ReturnsPlaintext(int size)
    {
        using var key = DataKey.Generate();
        var plaintext = Plaintext(size);
        var envelope = RecordCipher.Encrypt(plaintext, Binding, key, chunkSize: 4096);
        Assert.Equal(plaintext, RecordCipher.Decrypt(envelope, Binding, key));
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_DifferentEnvelopes()
    {
        using var key = DataKey.Generate();
        var plaintext = Plaintext(100);
        Assert.NotEqual(RecordCipher.Encrypt(plaintext, Binding, key), RecordCipher.Encrypt(plaintext, Binding, key));
    }

    [Fact]
    public void ReadHeader_Envelope_ExposesBindingAndLength()
    {
        using var key = DataKey.Generate();
        var header = RecordCipher.ReadHeader(RecordCipher.Encrypt(Plaintext(5000), Binding, key, 4096));
        Assert.Equal(Binding, header.Binding);
        Assert.Equal(5000, header.PlaintextLength);
        Assert.Equal(2, header.ChunkCount);
    }

    [Fact]
    public void Decrypt_FlippedCiphertextBit_ThrowsTampered()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(10_000), Binding, key, 4096);
        envelope[envelope.Length / 2] ^= 0x01;
        Assert.Throws<RecordTamperedException>(() => RecordCipher.Decrypt(envelope, Binding, key));
    }

    [Fact]
    public void Decrypt_FlippedTagBit_ThrowsTampered()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(100), Binding, key);
        envelope[^1] ^= 0x80;
        Assert.Throws<RecordTamperedException>(() => RecordCipher.Decrypt(envelope, Binding, key));
    }

    [Fact]
    public void Decrypt_FlippedNonceBitInHeader_ThrowsTampered()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(100), Binding, key);
        var headerLength = Binding.ContentType.Length + 42 + 16;
        envelope[headerLength] ^= 0x01; // first byte of the base nonce
        Assert.Throws<RecordTamperedException>(() => RecordCipher.Decrypt(envelope, Binding, key));
    }

    [Fact]
    public void Decrypt_HeaderRewrittenToOtherRecordId_ThrowsTampered()
    {
        // An attacker relabels record A's envelope as record B: the header is AAD, so the tag fails.
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(100), Binding, key);
        var other = new RecordBinding(RecordId.New(), 1, Binding.ContentType);
        other.RecordId.ToBytes().CopyTo(envelope, 5);
        Assert.Throws<RecordTamperedException>(() => RecordCipher.Decrypt(envelope, other, key));
    }

    [Fact]
    public void Decrypt_SwappedRecordId_ThrowsMismatch()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(100), Binding, key);
        Assert.Throws<RecordMismatchException>(() => RecordCipher.Decrypt(envelope, new RecordBinding(RecordId.New(), 1, Binding.ContentType), key));
    }

    [Fact]
    public void Decrypt_OtherVersionOrContentType_ThrowsMismatch()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(100), Binding, key);
        Assert.Throws<RecordMismatchException>(() => RecordCipher.Decrypt(envelope, new RecordBinding(Binding.RecordId, 2, Binding.ContentType), key));
        Assert.Throws<RecordMismatchException>(() => RecordCipher.Decrypt(envelope, new RecordBinding(Binding.RecordId, 1, "text/plain"), key));
    }

    [Fact]
    public void Decrypt_WrongKey_ThrowsWrongKey()
    {
        using var key = DataKey.Generate();
        using var other = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(100), Binding, key);
        Assert.Throws<WrongKeyException>(() => RecordCipher.Decrypt(envelope, Binding, other));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(4112)]
    public void Decrypt_TruncatedEnvelope_ThrowsFormat(int cut)
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(10_000), Binding, key, 4096);
        Assert.Throws<EnvelopeFormatException>(() => RecordCipher.Decrypt(envelope.AsSpan(0, envelope.Length - cut), Binding, key));
    }

    [Fact]
    public void Decrypt_TruncatedInsideHeader_ThrowsFormat()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(10), Binding, key);
        Assert.Throws<EnvelopeFormatException>(() => RecordCipher.Decrypt(envelope.AsSpan(0, 50), Binding, key));
        Assert.Throws<EnvelopeFormatException>(() => RecordCipher.Decrypt(ReadOnlySpan<byte>.Empty, Binding, key));
    }

    [Fact]
    public void Decrypt_TrailingBytes_ThrowsFormat()
    {
        using var key = DataKey.Generate();
        byte[] envelope = [.. RecordCipher.Encrypt(Plaintext(10), Binding, key), 0];
        Assert.Throws<EnvelopeFormatException>(() => RecordCipher.Decrypt(envelope, Binding, key));
    }

    [Fact]
    public void Decrypt_BadMagicOrVersion_ThrowsFormat()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(10), Binding, key);
        var badMagic = (byte[])envelope.Clone();
        badMagic[0] = (byte)'X';
        var badVersion = (byte[])envelope.Clone();
        badVersion[4] = 2;
        Assert.Throws<EnvelopeFormatException>(() => RecordCipher.Decrypt(badMagic, Binding, key));
        Assert.Throws<EnvelopeFormatException>(() => RecordCipher.Decrypt(badVersion, Binding, key));
    }

    [Fact]
    public void Decrypt_SwappedChunks_ThrowsTampered()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(8192), Binding, key, 4096);
        var headerLength = envelope.Length - (2 * (4096 + 16));
        var first = envelope.AsSpan(headerLength, 4112).ToArray();
        envelope.AsSpan(headerLength + 4112, 4112).CopyTo(envelope.AsSpan(headerLength));
        first.CopyTo(envelope, headerLength + 4112);
        Assert.Throws<RecordTamperedException>(() => RecordCipher.Decrypt(envelope, Binding, key));
    }

    [Fact]
    public async Task DecryptAsync_StreamedEnvelope_MatchesOneShot()
    {
        using var key = DataKey.Generate();
        var plaintext = Plaintext(3 * 4096 + 7);
        using var sealedStream = new MemoryStream();
        await RecordCipherStreams.EncryptAsync(new MemoryStream(plaintext), plaintext.Length, sealedStream, Binding, key, TestContext.Current.CancellationToken, 4096);
        Assert.Equal(plaintext, RecordCipher.Decrypt(sealedStream.ToArray(), Binding, key));

        using var output = new MemoryStream();
        await RecordCipherStreams.DecryptAsync(new MemoryStream(sealedStream.ToArray()), output, Binding, key, TestContext.Current.CancellationToken);
        Assert.Equal(plaintext, output.ToArray());
    }

    [Fact]
    public async Task DecryptAsync_TruncatedOrTampered_ThrowsTyped()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(9000), Binding, key, 4096);
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<EnvelopeFormatException>(() =>
            RecordCipherStreams.DecryptAsync(new MemoryStream(envelope[..^5]), Stream.Null, Binding, key, ct));
        var tampered = (byte[])envelope.Clone();
        tampered[^100] ^= 4;
        await Assert.ThrowsAsync<RecordTamperedException>(() =>
            RecordCipherStreams.DecryptAsync(new MemoryStream(tampered), Stream.Null, Binding, key, ct));
        await Assert.ThrowsAsync<EnvelopeFormatException>(() =>
            RecordCipherStreams.DecryptAsync(new MemoryStream([.. envelope, 1]), Stream.Null, Binding, key, ct));
        await Assert.ThrowsAsync<EnvelopeFormatException>(() =>
            RecordCipherStreams.DecryptAsync(new MemoryStream("garbage that is long enough to fill a header......"u8.ToArray()), Stream.Null, Binding, key, ct));
    }

    [Fact]
    public void EncryptTo_PooledBuffers_RoundTripsAndReportsLengths()
    {
        using var key = DataKey.Generate();
        var plaintext = Plaintext(10_000);
        var length = RecordCipher.EnvelopeLength(plaintext.Length, Binding, 4096);
        var buffer = new byte[length + 100];
        Assert.Equal(length, RecordCipher.EncryptTo(plaintext, Binding, key, buffer, 4096));
        var envelope = buffer.AsSpan(0, length);
        Assert.Equal(plaintext.Length, RecordCipher.PlaintextLength(envelope));
        var output = new byte[plaintext.Length];
        Assert.Equal(plaintext.Length, RecordCipher.DecryptTo(envelope, Binding, key, output));
        Assert.Equal(plaintext, output);
        Assert.Throws<ArgumentException>(() => RecordCipher.EncryptTo(plaintext, Binding, key, new byte[length - 1], 4096));
    }

    [Fact]
    public void DecryptTo_TamperedLastChunk_ClearsDestination()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(10_000), Binding, key, 4096);
        envelope[^1] ^= 1;
        var output = new byte[10_000];
        Assert.Throws<RecordTamperedException>(() => RecordCipher.DecryptTo(envelope, Binding, key, output));
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Decrypt_HeaderClaimsHugeLength_ThrowsFormatWithoutAllocating()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(Plaintext(10), Binding, key);
        var lengthOffset = 42 + Binding.ContentType.Length + 16 + 12 + 4;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(envelope.AsSpan(lengthOffset), long.MaxValue / 2);
        Assert.Throws<EnvelopeFormatException>(() => RecordCipher.Decrypt(envelope, Binding, key));
    }

    [Fact]
    public async Task EncryptAsync_CancelledToken_ThrowsCanceled()
    {
        using var key = DataKey.Generate();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RecordCipherStreams.EncryptAsync(new MemoryStream(Plaintext(100)), 100, new MemoryStream(), Binding, key, cts.Token));
    }

    [Fact]
    public void RecordBinding_VersionZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecordBinding(RecordId.New(), 0, "x"));
    }
}
