using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using EmrShare.Fuzz.Tests.Infrastructure;
using Nethereum.Signer;

namespace EmrShare.Fuzz.Tests.Core;

/// <summary>
/// Signatures from requests and the chain: parsing and recovery fail with <see cref="SignatureInvalidException"/>
/// (or its malleable subtype), and no modified (r, s) recovers to the real signer (no malleability).
/// </summary>
public sealed class SignatureFuzzTests
{
    private readonly EthECKey _signer = EthECKey.GenerateKey();
    private readonly byte[] _digest = RandomNumberGenerator.GetBytes(32);
    private readonly byte[][] _signatures;

    public SignatureFuzzTests()
    {
        var other = RandomNumberGenerator.GetBytes(32);
        _signatures = [EthSignature.Sign(_digest, _signer).ToBytes(), EthSignature.Sign(other, _signer).ToBytes()];
    }

    [Fact]
    public async Task Recover_MutatedSignatures_OnlySignatureInvalidAndNoMalleability()
    {
        var signer = _signer.Address();
        var target = FuzzTarget<byte[]>.Sync(
            "EthSignature.Recover",
            random => Mutator.Bytes(random, _signatures, 96),
            bytes =>
            {
                var signature = EthSignature.FromBytes(bytes);

                var recovered = signature.Recover(_digest);
                if (recovered == signer)
                {
                    FuzzInvariantException.Require(bytes.AsSpan(0, 64).SequenceEqual(_signatures[0].AsSpan(0, 64)), "a different (r, s) recovered to the signer (malleable)");
                }
            },
            e => e is SignatureInvalidException,
            Convert.ToHexStringLower) with
        {
            MillisecondsPerCase = 5,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Parse_MutatedHex_OnlySignatureInvalidException()
    {
        var seeds = _signatures.Select(b => HexBytes.ToHex(b)).ToArray();
        var target = FuzzTarget<string>.Sync(
            "EthSignature.Parse",
            random => Mutator.Text(random, seeds, "0123456789abcdefABCDEFx"),
            text =>
            {
                var signature = EthSignature.Parse(text);
                FuzzInvariantException.Require(EthSignature.FromBytes(signature.ToBytes()) == signature, "binary form does not round-trip");
            },
            e => e is SignatureInvalidException,
            Storage.CidFuzzTests.Quote);
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }
}
