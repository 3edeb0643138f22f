using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Sealing;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.Ledger.Transactions;
using FsCheck;
using FsCheck.Fluent;
using Nethereum.Signer;

namespace EmrShare.Ledger.Tests;

/// <summary>
/// ~1 private key in 256 starts with a zero byte; Nethereum hands such a key out as 31 bytes and the native
/// secp256k1 library accepts only 32. The ledger must still seal with it and sign exactly like Nethereum does.
/// </summary>
public sealed class ShortSealerKeyTests
{
    private const string LeadingZeroKey = "0x00ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e";

    [Fact]
    public async Task Send_SealerKeyWithLeadingZeroByte_BlockSealedAndVerifies()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(31, new EthECKey(LeadingZeroKey).GetPrivateKeyAsBytes().Length);
        using var folder = new TempFolder();
        var options = LedgerOptions.Development(folder.File("ledger.db")) with { SealerPrivateKey = LeadingZeroKey };
        await using var ledger = await EmbeddedLedger.OpenAsync(options, cancellationToken: ct);
        await ledger.SendRawTransactionAsync(TestTx.Legacy(LedgerHarness.Key(1), 31337, 0, LedgerHarness.Account(9), [], 21_000, value: 1), ct);
        Assert.Equal(1, ledger.Head.Number);
        Assert.True(BlockSeal.Verify(ledger.Head, options.SealerAddress));
    }

    [Fact]
    public void Sign_RandomKeysIncludingLeadingZeroBytes_MatchesReferenceSigner()
    {
        var gen = Gen.Choose(0, int.MaxValue).Two();
        Prop.ForAll(gen.ToArbitrary(), seeds =>
        {
            var random = new Random(seeds.Item1 ^ seeds.Item2);
            var raw = new byte[32];
            random.NextBytes(raw);

            // Half the keys start with one to three zero bytes.
            var zeros = random.Next(2) == 0 ? random.Next(1, 4) : 0;
            raw.AsSpan(0, zeros).Clear();
            raw[zeros] = raw[zeros] == 0 ? (byte)1 : raw[zeros];
            var key = new EthECKey(raw, true);
            var hash = new byte[32];
            random.NextBytes(hash);

            // Nethereum's signer (NBitcoin.Secp256k1 underneath) given the full 32-byte scalar: Nethereum's own
            // EthECKey path trims leading zero bytes and fails on some short keys, the very bug fixed here.
            Assert.True(NBitcoin.Secp256k1.Context.Instance.CreateECPrivKey(raw).TrySignRecoverable(hash, out var reference));
            var expected = new byte[64];
            reference!.WriteToSpanCompact(expected, out var expectedRecoveryId);
            var (compact, recoveryId) = SenderRecovery.Sign(hash, key.GetPrivateKeyAsBytes());
            return compact.AsSpan().SequenceEqual(expected)
                && recoveryId == expectedRecoveryId
                && SenderRecovery.Recover(hash, compact[..32], compact[32..], recoveryId) == key.GetPublicAddress().ToLowerInvariant();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Sign_KeyLongerThan32Bytes_Refused()
    {
        Assert.Throws<ArgumentException>(() => SenderRecovery.Sign(new byte[32], new byte[33]));
    }
}
