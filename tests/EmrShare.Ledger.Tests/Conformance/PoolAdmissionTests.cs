using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.Ledger.Transactions;
using static EmrShare.Ledger.Tests.Conformance.ConformanceKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>
/// No free writes (issue 15, finding 8): a permissioned pool (only members and the sealer send), a minimum gas
/// price, and a calldata cap — each a typed refusal that leaves the chain unchanged.
/// </summary>
public sealed class PoolAdmissionTests
{
    private static readonly string Member = LedgerHarness.Account(3);
    private static readonly string Outsider = LedgerHarness.Account(4);

    [Fact]
    public async Task SendRaw_SenderNotAMember_RefusedNotAuthorizedAndNothingMined()
    {
        string? probe = null;
        var options = LedgerOptions.Development() with
        {
            // Membership = a non-zero commitments(bytes32(address)) in the probe: the sealer anchors the members.
            SenderPermission = new ContractViewPermission([new MembershipView(() => probe, Probe.Selector("commitments(bytes32)"))]),
        };
        await using var harness = await LedgerHarness.StartAsync(options);
        probe = await DeployProbeAsync(harness);
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 1, probe, Probe.Anchor(LedgerHex.Word(Convert.FromHexString(Member[2..])), Probe.Id(1)), 200_000));
        var head = harness.Ledger.Head.Number;

        var (code, message, _) = await harness.Rpc.ErrorAsync("eth_sendRawTransaction", LedgerHex.Data(TestTx.Legacy(LedgerHarness.Key(4), ChainId, 0, Member, [], 21_000, value: 1)));
        var memberSent = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(3), ChainId, 0, Outsider, [], 21_000, value: 1));

        Assert.Equal((EmbeddedLedger.SenderNotAuthorizedCode, "sender account not authorized to send transactions"), (code, message));
        Assert.Equal("0x1", memberSent["status"]!.GetValue<string>());
        Assert.Equal(head + 1, harness.Ledger.Head.Number);
        Assert.Equal(0, Number(await harness.Rpc.ResultAsync("eth_getTransactionCount", Outsider, "latest")));
    }

    [Fact]
    public async Task SendRawBatch_SenderNotAMember_OnlyThatItemRefused()
    {
        var options = LedgerOptions.Development() with
        {
            SenderPermission = new ContractViewPermission([new MembershipView(() => null, Probe.Selector("commitments(bytes32)"))]),
        };
        await using var harness = await LedgerHarness.StartAsync(options);
        var batch = $$"""
            [{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["{{LedgerHex.Data(TestTx.Legacy(LedgerHarness.Key(4), ChainId, 0, Member, [], 21_000))}}"]},
             {"jsonrpc":"2.0","id":2,"method":"eth_sendRawTransaction","params":["{{LedgerHex.Data(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 0, Member, [], 21_000))}}"]}]
            """;

        var responses = System.Text.Json.Nodes.JsonNode.Parse((await harness.Rpc.SendRawAsync(batch))!)!.AsArray();

        Assert.Equal(EmbeddedLedger.SenderNotAuthorizedCode, responses[0]!["error"]!["code"]!.GetValue<int>());
        Assert.NotNull(responses[1]!["result"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendRaw_ZeroGasPrice_RefusedUnderpriced(bool eip1559)
    {
        await using var harness = await LedgerHarness.StartAsync();
        var raw = eip1559
            ? TestTx.Eip1559(LedgerHarness.Key(1), ChainId, 0, Member, [], 21_000, maxFee: 0, tip: 0)
            : TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, Member, [], 21_000, gasPrice: 0);

        var (code, message, _) = await harness.Rpc.ErrorAsync("eth_sendRawTransaction", LedgerHex.Data(raw));

        Assert.Equal(-32000, code);
        Assert.StartsWith("transaction underpriced", message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Ledger.Head.Number);
    }

    [Fact]
    public async Task SendRaw_CalldataAboveConfiguredCap_RefusedOversized()
    {
        await using var harness = await LedgerHarness.StartAsync(LedgerOptions.Development() with { MaxTransactionBytes = 4 * 1024 });

        var (code, message, _) = await harness.Rpc.ErrorAsync("eth_sendRawTransaction", LedgerHex.Data(TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, Member, new byte[5 * 1024], 200_000)));
        var small = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, Member, new byte[3 * 1024], 200_000));

        Assert.Equal((-32000, "oversized data"), (code, message));
        Assert.Equal("0x1", small["status"]!.GetValue<string>());
    }
}
