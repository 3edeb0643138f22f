using System.Numerics;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Hex.HexTypes;
using Nethereum.Contracts;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EmrShare.Ledger.Tests;

/// <summary>An unmodified Nethereum Web3 client works against the ledger, in process and over HTTP.</summary>
public sealed class Web3CompatibilityTests
{
    [Fact]
    public async Task Web3InProcess_DeployCallAndEvents_Work()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var web3 = new Web3(new Account(LedgerHarness.Key(0), 31337), new InProcessRpcClient(harness.Handler));
        await DeployCallAndReadEventsAsync(web3);
    }

    [Fact]
    public async Task Web3OverHttp_DeployCallAndEvents_Work()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        var web3 = new Web3(new Account(LedgerHarness.Key(0), 31337), server.Endpoint.ToString());
        await DeployCallAndReadEventsAsync(web3);
    }

    [Fact]
    public async Task Web3_RevertingTransaction_SurfacesCustomErrorAndFailedReceipt()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var web3 = new Web3(new Account(LedgerHarness.Key(0), 31337), new InProcessRpcClient(harness.Handler));
        var deploy = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(Probe.AbiJson, Probe.Bytecode.ToHexCompact(), LedgerHarness.Account(0), new HexBigInteger(3_000_000));
        var contract = web3.Eth.GetContract(Probe.AbiJson, deploy.ContractAddress);
        var anchor = contract.GetFunction("anchor");
        var id = Probe.Id(1);
        var first = await anchor.SendTransactionAndWaitForReceiptAsync(LedgerHarness.Account(0), new HexBigInteger(200_000), null, null, id, Probe.Id(2));
        Assert.Equal(1, (int)first.Status.Value);

        // eth_estimateGas / eth_call report the custom error like geth: code 3, "execution reverted", data = the error.
        // Nethereum recognises it as a custom error because the revert data is passed through untouched.
        var estimate = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() => anchor.EstimateGasAsync(LedgerHarness.Account(0), null, null, id, Probe.Id(3)));
        Assert.Equal(LedgerHex.Data([.. Probe.Selector("AlreadyAnchored(bytes32)"), .. id]), estimate.ExceptionEncodedData);
        var (code, message, data) = await harness.Rpc.ErrorAsync("eth_call", new System.Text.Json.Nodes.JsonObject
        {
            ["from"] = LedgerHarness.Account(0),
            ["to"] = deploy.ContractAddress,
            ["data"] = LedgerHex.Data(Probe.Anchor(id, Probe.Id(3))),
        }, "latest");
        Assert.Equal((3, "execution reverted"), (code, message));
        Assert.Equal(estimate.ExceptionEncodedData, data);

        // Sent anyway with an explicit gas limit, it is mined with status 0.
        var failed = await anchor.SendTransactionAndWaitForReceiptAsync(LedgerHarness.Account(0), new HexBigInteger(200_000), null, null, id, Probe.Id(3));
        Assert.Equal(0, (int)failed.Status.Value);
        Assert.Empty(failed.Logs);
    }

    [Fact]
    public async Task EthCall_RequireWithReason_ReturnsReasonInMessageAndData()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var rpc = harness.Rpc;
        var deploy = await rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), 31337, 0, null, Probe.Bytecode, 3_000_000));
        var address = deploy["contractAddress"]!.GetValue<string>();
        var call = new System.Text.Json.Nodes.JsonObject { ["to"] = address, ["data"] = LedgerHex.Data(Probe.Fail("consent missing")) };
        var (code, message, errorData) = await rpc.ErrorAsync("eth_call", call, "latest");
        Assert.Equal(3, code);
        Assert.Equal("execution reverted: consent missing", message);
        Assert.StartsWith("0x08c379a0", errorData, StringComparison.Ordinal);
    }

    private static async Task DeployCallAndReadEventsAsync(Web3 web3)
    {
        var from = LedgerHarness.Account(0);
        var deploy = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(Probe.AbiJson, Probe.Bytecode.ToHexCompact(), from, new HexBigInteger(3_000_000));
        Assert.Equal(1, (int)deploy.Status.Value);
        Assert.NotEmpty(await web3.Eth.GetCode.SendRequestAsync(deploy.ContractAddress));

        var contract = web3.Eth.GetContract(Probe.AbiJson, deploy.ContractAddress);
        var anchored = contract.GetEvent("Anchored");
        var filterId = await anchored.CreateFilterAsync();
        var anchor = contract.GetFunction("anchor");
        var gas = await anchor.EstimateGasAsync(from, null, null, Probe.Id(7), Probe.Id(8));
        var receipt = await anchor.SendTransactionAndWaitForReceiptAsync(from, gas, null, null, Probe.Id(7), Probe.Id(8));
        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.Single(receipt.Logs);

        Assert.Equal(BigInteger.One, await contract.GetFunction("count").CallAsync<BigInteger>());
        var changes = await anchored.GetFilterChangesAsync<AnchoredEvent>(filterId);
        var logs = await anchored.GetAllChangesAsync<AnchoredEvent>(anchored.CreateFilterInput());
        Assert.Single(changes);
        Assert.Single(logs);
        Assert.Equal(receipt.TransactionHash, logs[0].Log.TransactionHash);
        Assert.Equal(Probe.Id(7), logs[0].Event.Id);
        Assert.Equal(Probe.Id(8), logs[0].Event.Commitment);
        Assert.Equal(from, logs[0].Event.By.ToLowerInvariant());
        Assert.Equal(1UL, logs[0].Event.Version);
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsByNumber.SendRequestAsync(receipt.BlockNumber);
        Assert.Equal(receipt.TransactionHash, block.Transactions.Single().TransactionHash);
    }
}

[Event("Anchored")]
public sealed class AnchoredEvent : IEventDTO
{
    [Parameter("bytes32", "id", 1, true)]
    public byte[] Id { get; set; } = [];

    [Parameter("address", "by", 2, true)]
    public string By { get; set; } = string.Empty;

    [Parameter("uint64", "version", 3, false)]
    public ulong Version { get; set; }

    [Parameter("bytes32", "commitment", 4, false)]
    public byte[] Commitment { get; set; } = [];
}

internal static class ByteHexExtensions
{
    public static string ToHexCompact(this byte[] bytes) => Convert.ToHexStringLower(bytes);
}
