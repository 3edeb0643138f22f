using System.Text.Json.Nodes;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;
using Nethereum.Util;

namespace EmrShare.Ledger.Tests;

/// <summary>
/// The same deterministic sequence of signed transactions (deploys, every probe function, custom-error and
/// string reverts, out-of-gas, refunds, CREATE, value transfers) sent to a real Hardhat (and Anvil) node and to the
/// embedded ledger must give identical status, gasUsed, logs, call return/revert data and final storage.
/// </summary>
public sealed class DifferentialTests
{
    private const int RandomSteps = 520;

    [Fact]
    public async Task SameTransactions_HardhatAndLedger_IdenticalOutcomes()
    {
        await using var hardhat = await HardhatNode.StartAsync(TestContext.Current.CancellationToken);
        await CompareAsync(hardhat);
    }

    [Fact]
    public async Task SameTransactions_AnvilAndLedger_IdenticalOutcomes()
    {
        await using var anvil = await ReferenceChainNode.StartAnvilAsync(TestContext.Current.CancellationToken);
        await CompareAsync(anvil);
    }

    private static async Task CompareAsync(IChainEndpoint referenceNode)
    {
        var ct = TestContext.Current.CancellationToken;
        // The coinbase is warm from the first opcode (EIP-3651), so the sealer must be as unrelated to the
        // workload's accounts as Hardhat's own coinbase is, or calls paying it would cost 2,500 gas less.
        var options = LedgerOptions.Development() with { SealerPrivateKey = "0x" + string.Concat(Enumerable.Repeat("5e", 32)) };
        await using var ledger = await EmbeddedLedgerEndpoint.StartAsync(options, ct);
        using var reference = new RpcTestClient(referenceNode.RpcUrl);
        using var subject = new RpcTestClient(ledger.RpcUrl);

        var workload = DifferentialWorkload.Create(seed: 20261125, RandomSteps);
        Assert.True(workload.Steps.Count >= 500);
        var children = new List<string>();
        var revertsWithData = 0;
        for (var i = 0; i < workload.Steps.Count; i++)
        {
            var step = workload.Steps[i];
            if (step.Call is not null)
            {
                var expectedCall = CallOutcome(await reference.SendAsync("eth_call", step.Call, "latest"));
                Assert.Equal(expectedCall, CallOutcome(await subject.SendAsync("eth_call", step.Call, "latest")));
                revertsWithData += expectedCall.StartsWith("revert 0x", StringComparison.Ordinal) ? 1 : 0;
            }

            var expected = await reference.SendAndWaitAsync(step.Raw);
            var actual = await subject.SendAndWaitAsync(step.Raw);
            Assert.Equal(Summary(expected, i, step.Label), Summary(actual, i, step.Label));
            children.AddRange(SpawnedChildren(actual));
        }

        // The call comparison only means something if both nodes really returned revert payloads.
        Assert.True(revertsWithData > 20, $"only {revertsWithData} reverts carried data");
        foreach (var contract in workload.Contracts.Concat(children))
        {
            Assert.Equal(await Text(reference, "eth_getCode", contract), await Text(subject, "eth_getCode", contract));
            Assert.Equal(await Text(reference, "eth_getBalance", contract), await Text(subject, "eth_getBalance", contract));
            foreach (var slot in workload.Slots)
            {
                Assert.Equal(await Text(reference, "eth_getStorageAt", contract, slot), await Text(subject, "eth_getStorageAt", contract, slot));
            }
        }

        foreach (var account in Enumerable.Range(0, 8).Select(LedgerHarness.Account))
        {
            Assert.Equal(await Text(reference, "eth_getTransactionCount", account), await Text(subject, "eth_getTransactionCount", account));
        }
    }

    private static async Task<string> Text(RpcTestClient rpc, string method, params object[] args) =>
        (await rpc.ResultAsync(method, [.. args, "latest"]))!.GetValue<string>();

    private static string Summary(JsonObject receipt, int index, string label)
    {
        var logs = string.Join(';', receipt["logs"]!.AsArray().Select(l =>
            $"{l!["address"]}|{string.Join(',', l["topics"]!.AsArray().Select(t => t!.GetValue<string>()))}|{l["data"]}"));
        return $"#{index} {label} status={receipt["status"]} gasUsed={receipt["gasUsed"]} contract={receipt["contractAddress"]?.GetValue<string>()?.ToLowerInvariant()} logs={logs}";
    }

    /// <summary>Success + return data, or failure + revert data (messages differ between nodes, data must not).</summary>
    private static string CallOutcome(JsonObject response)
    {
        if (response["error"] is JsonObject error)
        {
            var data = error["data"] switch
            {
                JsonValue value => value.ToString(),
                JsonObject nested => nested["data"]?.ToString() ?? string.Empty,
                _ => string.Empty,
            };
            return "revert " + (data == "0x" ? string.Empty : data);
        }

        return "ok " + response["result"];
    }

    private static IEnumerable<string> SpawnedChildren(JsonObject receipt)
    {
        var spawned = LedgerHex.Data(Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes("Spawned(address)")));
        return receipt["logs"]!.AsArray()
            .Where(l => l!["topics"]!.AsArray().FirstOrDefault()?.GetValue<string>() == spawned)
            .Select(l => "0x" + l!["data"]!.GetValue<string>()[^40..]);
    }
}
