using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Crypto;

public sealed class KeyWrapperTests
{
    private readonly EthECKey _patient = EthECKey.GenerateKey();
    private readonly EthECKey _hospitalA = EthECKey.GenerateKey();
    private readonly EthECKey _hospitalB = EthECKey.GenerateKey();
    private readonly RecordId _recordId = RecordId.New();

    [Fact]
    public void Unwrap_ByIntendedReader_ReturnsSameKey()
    {
        using var key = DataKey.Generate();
        var wrapped = KeyWrapper.Wrap(key, _patient.GetPubKey(false), _recordId, 1);
        using var back = KeyWrapper.Unwrap(wrapped, _patient, _recordId, 1);
        Assert.Equal(key.ToArray(), back.ToArray());
        Assert.Equal(_patient.Address(), wrapped.ReaderAddress);
        Assert.Equal(WrappedKey.Length, wrapped.ToBytes().Length);
    }

    [Fact]
    public void Rewrap_ForNewReader_DecryptsUnchangedCiphertext()
    {
        using var key = DataKey.Generate();
        var binding = new RecordBinding(_recordId, 1, "application/fhir+json");
        var envelope = RecordCipher.Encrypt("{\"resourceType\":\"Observation\"}"u8, binding, key);
        var forA = KeyWrapper.Wrap(key, _hospitalA.PublicKeyCompressed(), _recordId, 1);
        var before = (byte[])envelope.Clone();

        var forB = KeyWrapper.Rewrap(forA, _hospitalA, _hospitalB.PublicKeyCompressed(), _recordId, 1);

        using var bKey = KeyWrapper.Unwrap(forB, _hospitalB, _recordId, 1);
        Assert.Equal(before, envelope);
        Assert.Equal("{\"resourceType\":\"Observation\"}"u8.ToArray(), RecordCipher.Decrypt(envelope, binding, bKey));
    }

    [Fact]
    public void Unwrap_WrongReader_ThrowsWrongReader()
    {
        using var key = DataKey.Generate();
        var wrapped = KeyWrapper.Wrap(key, _hospitalA.PublicKeyCompressed(), _recordId, 1);
        Assert.Throws<WrongReaderException>(() => KeyWrapper.Unwrap(wrapped, _hospitalB, _recordId, 1));
    }

    [Fact]
    public void Unwrap_OtherRecordOrVersion_ThrowsTampered()
    {
        using var key = DataKey.Generate();
        var wrapped = KeyWrapper.Wrap(key, _patient.PublicKeyCompressed(), _recordId, 1);
        Assert.Throws<KeyWrapTamperedException>(() => KeyWrapper.Unwrap(wrapped, _patient, RecordId.New(), 1));
        Assert.Throws<KeyWrapTamperedException>(() => KeyWrapper.Unwrap(wrapped, _patient, _recordId, 2));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(70)]
    [InlineData(100)]
    [InlineData(113)]
    public void Unwrap_FlippedBit_ThrowsTampered(int position)
    {
        using var key = DataKey.Generate();
        var bytes = KeyWrapper.Wrap(key, _patient.PublicKeyCompressed(), _recordId, 1).ToBytes();
        bytes[position] ^= 0x01;
        Assert.Throws<KeyWrapTamperedException>(() => KeyWrapper.Unwrap(WrappedKey.FromBytes(bytes), _patient, _recordId, 1));
    }

    [Fact]
    public void Unwrap_CorruptEphemeralKey_ThrowsTypedError()
    {
        using var key = DataKey.Generate();
        var bytes = KeyWrapper.Wrap(key, _patient.PublicKeyCompressed(), _recordId, 1).ToBytes();
        bytes[21] = 0x05; // invalid point prefix
        Assert.Throws<EnvelopeFormatException>(() => KeyWrapper.Unwrap(WrappedKey.FromBytes(bytes), _patient, _recordId, 1));
    }

    [Fact]
    public void FromBytes_WrongLengthOrVersion_ThrowsFormat()
    {
        Assert.Throws<EnvelopeFormatException>(() => WrappedKey.FromBytes(new byte[10]));
        var bytes = new byte[WrappedKey.Length];
        bytes[0] = 9;
        Assert.Throws<EnvelopeFormatException>(() => WrappedKey.FromBytes(bytes));
    }

    [Fact]
    public void Digest_IsSha256OfEncoding_AndWrappedKeysHashIsOrdered()
    {
        using var key = DataKey.Generate();
        var a = KeyWrapper.Wrap(key, _patient.PublicKeyCompressed(), _recordId, 1);
        var b = KeyWrapper.Wrap(key, _hospitalA.PublicKeyCompressed(), _recordId, 1);
        Assert.Equal(Hash32.FromBytes(System.Security.Cryptography.SHA256.HashData(a.ToBytes())), a.Digest);
        Assert.NotEqual(KeyWrapper.WrappedKeysHash([a, b]), KeyWrapper.WrappedKeysHash([b, a]));
        Assert.Equal(Keccak.Hash32([.. a.Digest.ToBytes(), .. b.Digest.ToBytes()]), KeyWrapper.WrappedKeysHash([a, b]));
        Assert.Equal(a, WrappedKey.Parse(a.ToString()));
    }
}
