using EmrShare.Ledger.Transactions;
using FsCheck;
using FsCheck.Fluent;
using Nethereum.Signer;

namespace EmrShare.Ledger.Tests;

/// <summary>The ledger's fast sender recovery must agree with Nethereum's reference recovery on every signature.</summary>
public sealed class SenderRecoveryTests
{
    [Fact]
    public void Recover_RandomKeysAndMessages_MatchesNethereum()
    {
        var gen = Gen.Choose(0, int.MaxValue).Two();
        Prop.ForAll(gen.ToArbitrary(), seeds =>
        {
            var random = new Random(seeds.Item1 ^ seeds.Item2);
            var key = EthECKey.GenerateKey(Enumerable.Range(0, 32).Select(_ => (byte)random.Next(256)).ToArray());
            var hash = new byte[32];
            random.NextBytes(hash);
            var signature = key.SignAndCalculateYParityV(hash);
            var expected = EthECKey.RecoverFromParityYSignature(signature, hash).GetPublicAddress().ToLowerInvariant();
            var actual = SenderRecovery.Recover(hash, signature.R, signature.S, signature.V[0]);
            return actual == expected && actual == key.GetPublicAddress().ToLowerInvariant();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Recover_GarbageSignature_ReturnsNullOrOtherAddressNeverThrows()
    {
        var key = new EthECKey(LedgerOptions.DevPrivateKeys[3]);
        var hash = new byte[32];
        hash[5] = 9;
        Assert.Null(SenderRecovery.Recover(hash, new byte[32], new byte[32], 0));
        Assert.Null(SenderRecovery.Recover(new byte[31], [1], [1], 0));
        Assert.Null(SenderRecovery.Recover(hash, [1], [1], 7));
        var forged = SenderRecovery.Recover(hash, Enumerable.Repeat((byte)0xff, 32).ToArray(), [1], 1);
        Assert.NotEqual(key.GetPublicAddress().ToLowerInvariant(), forged);
    }
}
