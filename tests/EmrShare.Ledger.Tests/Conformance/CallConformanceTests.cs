using System.Numerics;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Tests.TestKit;
using Nethereum.Util;
using static EmrShare.Ledger.Tests.Conformance.ConformanceKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>eth_call state overrides and eth_estimateGas, answered as geth answers them.</summary>
public sealed class CallConformanceTests
{
    // PUSH1 0 CALLDATALOAD BALANCE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: returns the balance of the address in calldata.
    private const string BalanceOfCode = "0x6000353160005260206000f3";

    // PUSH1 0 PUSH1 0 PUSH1 0 CREATE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: returns the address CREATE gives.
    private const string CreateCode = "0x600060006000f060005260206000f3";

    private const string Stranger = "0x00000000000000000000000000000000000000aa";

    [Fact]
    public async Task EthCall_BalanceAndCodeOverride_Applied()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var overrides = new JsonObject
        {
            [Stranger] = new JsonObject { ["code"] = BalanceOfCode },
            [LedgerHarness.Account(5)] = new JsonObject { ["balance"] = "0x1234" },
        };
        var query = LedgerHex.Word(Convert.FromHexString(LedgerHarness.Account(5)[2..]));

        var result = await harness.Rpc.ResultAsync("eth_call", CallObject(null, Stranger, query), "latest", overrides);

        Assert.Equal(0x1234, Word(result));
    }

    [Fact]
    public async Task EthCall_NonceOverride_ChangesCreatedAddress()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var overrides = new JsonObject { [Stranger] = new JsonObject { ["code"] = CreateCode, ["nonce"] = "0x7" } };

        var result = await harness.Rpc.ResultAsync("eth_call", CallObject(null, Stranger), "latest", overrides);

        var expected = ContractUtils.CalculateContractAddress(Stranger, 7).ToLowerInvariant();
        Assert.Equal(expected, "0x" + result!.GetValue<string>()[^40..]);
    }

    [Fact]
    public async Task EthCall_StateDiffOverride_ReplacesOnlyListedSlots()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var probe = await DeployProbeAsync(harness);
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 1, probe, Probe.Anchor(Probe.Id(1), Probe.Id(2)), 200_000));
        var overrides = new JsonObject { [probe] = new JsonObject { ["stateDiff"] = new JsonObject { [LedgerHex.Data(Probe.Word(1))] = LedgerHex.Data(Probe.Word(5)) } } };

        var count = await harness.Rpc.ResultAsync("eth_call", CallObject(null, probe, Probe.Count()), "latest", overrides);
        var commitment = await harness.Rpc.ResultAsync("eth_call", CallObject(null, probe, Probe.Call("commitments(bytes32)", Probe.Id(1))), "latest", overrides);

        Assert.Equal(5, Word(count));
        Assert.Equal(LedgerHex.Data(Probe.Id(2)), commitment!.GetValue<string>());
    }

    [Fact]
    public async Task EthCall_StateOverride_ClearsUnlistedSlots()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var probe = await DeployProbeAsync(harness);
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 1, probe, Probe.Anchor(Probe.Id(1), Probe.Id(2)), 200_000));
        var overrides = new JsonObject { [probe] = new JsonObject { ["state"] = new JsonObject { [LedgerHex.Data(Probe.Word(1))] = LedgerHex.Data(Probe.Word(5)) } } };

        var count = await harness.Rpc.ResultAsync("eth_call", CallObject(null, probe, Probe.Count()), "latest", overrides);
        var commitment = await harness.Rpc.ResultAsync("eth_call", CallObject(null, probe, Probe.Call("commitments(bytes32)", Probe.Id(1))), "latest", overrides);
        var real = await harness.Rpc.ResultAsync("eth_call", CallObject(null, probe, Probe.Count()), "latest");

        Assert.Equal(5, Word(count));
        Assert.Equal(BigInteger.Zero, Word(commitment));
        Assert.Equal(1, Word(real));
    }

    [Theory]
    [InlineData("""{"0x00000000000000000000000000000000000000aa":{"movePrecompileToAddress":"0x01"}}""")]
    [InlineData("""{"0x00000000000000000000000000000000000000aa":{"state":{},"stateDiff":{}}}""")]
    [InlineData("""["not","an","object"]""")]
    [InlineData("""{"0xnot-an-address":{"balance":"0x1"}}""")]
    public async Task EthCall_UnsupportedOrMalformedOverride_RefusedWithInvalidParams(string overrides)
    {
        await using var harness = await LedgerHarness.StartAsync();

        var (code, _, _) = await harness.Rpc.ErrorAsync("eth_call", CallObject(null, Stranger), "latest", JsonNode.Parse(overrides));

        Assert.Equal(-32602, code);
    }

    [Fact]
    public async Task EstimateGas_PlainTransfer_IsExactly21000()
    {
        await using var harness = await LedgerHarness.StartAsync();

        var gas = await harness.Rpc.ResultAsync("eth_estimateGas", CallObject(LedgerHarness.Account(0), LedgerHarness.Account(1), value: 1), "latest");

        Assert.Equal(21_000, Number(gas));
    }

    [Fact]
    public async Task EstimateGas_ContractCall_IsTheMinimumThatSucceeds()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var probe = await DeployProbeAsync(harness);
        var call = CallObject(LedgerHarness.Account(0), probe, Probe.Anchor(Probe.Id(1), Probe.Id(2)));

        var gas = Number(await harness.Rpc.ResultAsync("eth_estimateGas", call, "latest"));

        var justBelow = (JsonObject)call.DeepClone();
        justBelow["gas"] = LedgerHex.Quantity(gas - 1);
        Assert.Equal(-32000, (await harness.Rpc.ErrorAsync("eth_estimateGas", justBelow, "latest")).Code);
        var exact = (JsonObject)call.DeepClone();
        exact["gas"] = LedgerHex.Quantity(gas);
        Assert.Equal(gas, Number(await harness.Rpc.ResultAsync("eth_estimateGas", exact, "latest")));
    }

    [Fact]
    public async Task EstimateGas_BalanceOverride_LetsAnUnfundedSenderEstimate()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var call = CallObject(Stranger, LedgerHarness.Account(1), value: BigInteger.Pow(10, 18));
        var overrides = new JsonObject { [Stranger] = new JsonObject { ["balance"] = LedgerHex.Quantity(BigInteger.Pow(10, 19)) } };

        var gas = await harness.Rpc.ResultAsync("eth_estimateGas", call, "latest", overrides);

        Assert.Equal(21_000, Number(gas));
    }
}
