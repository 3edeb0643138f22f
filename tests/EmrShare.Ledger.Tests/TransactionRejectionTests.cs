using EmrShare.Ledger.Tests.TestKit;

namespace EmrShare.Ledger.Tests;

/// <summary>Every intake rejection answers with geth's code (-32000) and message, and leaves the chain untouched.</summary>
public sealed class TransactionRejectionTests
{
    private static readonly string Alice = LedgerHarness.Key(1);
    private static readonly string Bob = LedgerHarness.Account(2);

    private static async Task AssertRejectedAsync(LedgerHarness harness, byte[] raw, string expectedPrefix)
    {
        var before = harness.Ledger.Head.Number;
        var (code, message, _) = await harness.Rpc.ErrorAsync("eth_sendRawTransaction", LedgerHex.Data(raw));
        Assert.Equal(-32000, code);
        Assert.StartsWith(expectedPrefix, message, StringComparison.Ordinal);
        Assert.Equal(before, harness.Ledger.Head.Number);
    }

    [Fact]
    public async Task SendRaw_WrongChainId_RejectedInvalidChainId()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await AssertRejectedAsync(harness, TestTx.Legacy(Alice, 1, 0, Bob, [], 21_000, value: 1), "invalid chain id for signer");
        await AssertRejectedAsync(harness, TestTx.Eip1559(Alice, 5, 0, Bob, [], 21_000, value: 1), "invalid chain id for signer");
    }

    [Fact]
    public async Task SendRaw_HighS_RejectedInvalidSignatureValues()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await AssertRejectedAsync(harness, TestTx.LegacyHighS(Alice, 31337, 0, Bob), "invalid transaction v, r, s values");
    }

    [Fact]
    public async Task SendRaw_NonceTooLowOrTooHigh_Rejected()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(Alice, 31337, 0, Bob, [], 21_000, value: 1));
        await AssertRejectedAsync(harness, TestTx.Legacy(Alice, 31337, 0, Bob, [], 21_000, value: 2), "nonce too low");
        await AssertRejectedAsync(harness, TestTx.Legacy(Alice, 31337, 100, Bob, [], 21_000, value: 2), "nonce too high");
    }

    [Fact]
    public async Task SendRaw_InsufficientFunds_Rejected()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var tenThousandEthPlusOne = System.Numerics.BigInteger.Pow(10, 22) + 1;
        await AssertRejectedAsync(harness, TestTx.Legacy(Alice, 31337, 0, Bob, [], 21_000, value: tenThousandEthPlusOne), "insufficient funds for gas * price + value");
        var broke = "0x" + new string('1', 63) + "2";
        await AssertRejectedAsync(harness, TestTx.Eip1559(broke, 31337, 0, Bob, [], 21_000), "insufficient funds for gas * price + value");
    }

    [Fact]
    public async Task SendRaw_GasAboveBlockLimit_RejectedExceedsBlockGasLimit()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await AssertRejectedAsync(harness, TestTx.Legacy(Alice, 31337, 0, Bob, [], 30_000_001), "exceeds block gas limit");
    }

    [Fact]
    public async Task SendRaw_Oversized_RejectedOversizedData()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await AssertRejectedAsync(harness, TestTx.Legacy(Alice, 31337, 0, Bob, new byte[130 * 1024], 25_000_000), "oversized data");
    }

    [Fact]
    public async Task SendRaw_IntrinsicGasTooLow_Rejected()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await AssertRejectedAsync(harness, TestTx.Legacy(Alice, 31337, 0, Bob, [1, 2, 3], 21_000), "intrinsic gas too low");
    }

    [Fact]
    public async Task SendRaw_SameTransactionTwice_AlreadyKnownWhilePendingNonceTooLowOnceSealed()
    {
        var options = LedgerOptions.Development(null, MiningMode.Interval) with { BlockInterval = TimeSpan.FromHours(1) };
        await using var harness = await LedgerHarness.StartAsync(options);
        var raw = TestTx.Legacy(Alice, 31337, 0, Bob, [], 21_000, value: 1);
        await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(raw));
        await AssertRejectedAsync(harness, raw, "already known");
        await harness.Ledger.MineAsync(TestContext.Current.CancellationToken);
        await AssertRejectedAsync(harness, raw, "nonce too low");
    }

    [Fact]
    public async Task SendRaw_PreEip155OrGarbage_Rejected()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var unprotected = new Nethereum.Model.LegacyTransaction(Bob, 1, 0, 2_000_000_000, 21_000);
        var signature = new Nethereum.Signer.EthECKey(Alice).SignAndCalculateV(unprotected.RawHash);
        unprotected.SetSignature(new Nethereum.Model.Signature(signature.R, signature.S, signature.V));
        await AssertRejectedAsync(harness, unprotected.GetRLPEncoded(), "only replay-protected (EIP-155) transactions allowed over RPC");
        await AssertRejectedAsync(harness, [0xf8, 0xff, 0x01], "rlp: invalid transaction encoding");
        await AssertRejectedAsync(harness, [0x02, 0xc0], "rlp: invalid transaction encoding");
    }

    [Fact]
    public async Task SendRaw_MaxFeeBelowBaseFee_Rejected()
    {
        var options = LedgerOptions.Development() with { BaseFeePerGas = 1_000_000_000 };
        await using var harness = await LedgerHarness.StartAsync(options);
        await AssertRejectedAsync(harness, TestTx.Eip1559(Alice, 31337, 0, Bob, [], 21_000, maxFee: 500_000_000, tip: 0), "max fee per gas less than block base fee");
        await AssertRejectedAsync(harness, TestTx.Eip1559(Alice, 31337, 0, Bob, [], 21_000, maxFee: 2_000_000_000, tip: 3_000_000_000), "max priority fee per gas higher than max fee per gas");
    }

    [Fact]
    public async Task SendRaw_AfterRejections_ValidTransactionStillMined()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await AssertRejectedAsync(harness, TestTx.Legacy(Alice, 31337, 100, Bob, [], 21_000, value: 1), "nonce too high");
        var receipt = await harness.Rpc.SendAndWaitAsync(TestTx.Eip1559(Alice, 31337, 0, Bob, [], 21_000, value: 1));
        Assert.Equal("0x1", receipt["status"]!.GetValue<string>());
        Assert.Equal("0x5208", receipt["gasUsed"]!.GetValue<string>());
    }
}
