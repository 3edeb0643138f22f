using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;

namespace EmrShare.Core.Tests.Envelope;

/// <summary>A data key keeps one AES-GCM key schedule for reuse; these pin that the reuse is invisible.</summary>
public sealed class DataKeyCipherTests
{
    private static readonly RecordBinding Binding = new(RecordId.New(), 1, "application/fhir+json");

    [Fact]
    public async Task Encrypt_SameKeyFromManyThreads_EveryEnvelopeOpens()
    {
        using var key = DataKey.Generate();
        var plaintexts = Enumerable.Range(0, 64).Select(i => RandomNumberGenerator.GetBytes(100 + i)).ToArray();
        var envelopes = await Task.WhenAll(plaintexts.Select(p => Task.Run(() => RecordCipher.Encrypt(p, Binding, key))));
        var opened = await Task.WhenAll(envelopes.Select(e => Task.Run(() => RecordCipher.Decrypt(e, Binding, key))));
        for (var i = 0; i < plaintexts.Length; i++)
        {
            Assert.Equal(plaintexts[i], opened[i]);
        }
    }

    [Fact]
    public void Decrypt_AfterKeyDisposed_ThrowsObjectDisposed()
    {
        var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt("{}"u8, Binding, key);
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => RecordCipher.Decrypt(envelope, Binding, key));
    }

    [Fact]
    public void Decrypt_WithOtherKeyObjectOfSameBytes_Opens()
    {
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt("{\"a\":1}"u8, Binding, key);
        using var copy = DataKey.FromBytes(key.ToArray());
        Assert.Equal("{\"a\":1}"u8.ToArray(), RecordCipher.Decrypt(envelope, Binding, copy));
    }

    [Fact]
    public void EncodeTo_MatchesEncode()
    {
        using var key = DataKey.Generate();
        var header = RecordCipher.ReadHeader(RecordCipher.Encrypt("x"u8, Binding, key));
        var buffer = new byte[EnvelopeHeader.MaxSize];
        var length = header.EncodeTo(buffer);
        Assert.Equal(header.Encode(), buffer[..length]);
        Assert.Equal(header.Size, length);
    }

    [Fact]
    public async Task Encrypt_ManyEnvelopesOnManyThreads_BaseNoncesNeverRepeat()
    {
        using var key = DataKey.Generate();
        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 2000).Select(_ => Convert.ToHexString(RecordCipher.ReadHeader(RecordCipher.Encrypt("x"u8, Binding, key)).BaseNonce)).ToList())));
        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.DoesNotContain(new string('0', 24), all);
    }
}
