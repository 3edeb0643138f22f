using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Fuzz.Tests.Infrastructure;
using Nethereum.Signer;

namespace EmrShare.Fuzz.Tests.Core;

/// <summary>Wrapped data keys from the chain or a peer: parse and unwrap fail typed, and no modified wrap unwraps.</summary>
public sealed class KeyWrapFuzzTests : IDisposable
{
    private readonly EthECKey _reader = EthECKey.GenerateKey();
    private readonly RecordId _recordId = RecordId.New();
    private readonly DataKey _key = DataKey.Generate();
    private readonly byte[][] _wrapped;

    public KeyWrapFuzzTests()
    {
        _wrapped =
        [
            KeyWrapper.Wrap(_key, _reader.PublicKeyCompressed(), _recordId, 1).ToBytes(),
            KeyWrapper.Wrap(_key, _reader.PublicKeyCompressed(), _recordId, 2).ToBytes(),
        ];
    }

    [Fact]
    public async Task Unwrap_MutatedWrappedKeys_OnlySecurityExceptions()
    {
        var target = FuzzTarget<byte[]>.Sync(
            "KeyWrapper.Unwrap",
            random => Mutator.Bytes(random, _wrapped, 160),
            bytes =>
            {
                var wrapped = WrappedKey.FromBytes(bytes);
                FuzzInvariantException.Require(WrappedKey.Parse(wrapped.ToString()).Equals(wrapped), "hex form does not round-trip");
                using var key = KeyWrapper.Unwrap(wrapped, _reader, _recordId, 1);
                FuzzInvariantException.Require(bytes.AsSpan().SequenceEqual(_wrapped[0]), "a modified wrapped key unwrapped");
                FuzzInvariantException.Require(key.ToArray().AsSpan().SequenceEqual(_key.ToArray()), "unwrap returned another key");
            },
            e => e is EmrShareSecurityException,
            Convert.ToHexStringLower) with
        {
            ExpectsAccepted = false,
            MillisecondsPerCase = 5,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Parse_MutatedHex_OnlyEnvelopeFormatException()
    {
        var seeds = _wrapped.Select(b => HexBytes.ToHex(b)).ToArray();
        var target = FuzzTarget<string>.Sync(
            "WrappedKey.Parse",
            random => Mutator.Text(random, seeds, "0123456789abcdefABCDEFx"),
            text =>
            {
                var wrapped = WrappedKey.Parse(text);
                FuzzInvariantException.Require(WrappedKey.FromBytes(wrapped.ToBytes()).Equals(wrapped), "binary form does not round-trip");
            },
            e => e is EnvelopeFormatException,
            Storage.CidFuzzTests.Quote);
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    public void Dispose() => _key.Dispose();
}
