using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 18, item 5: the multi-process scenario (as on Hardhat) on Ganache 7.9.2 and on Anvil, each started from the
/// pinned npm package with the standard development mnemonic; every actor reaches the chain through <c>--rpc</c>.
/// </summary>
public sealed class ReferenceChainProcessTests
{
    [Fact]
    public async Task Scenario_GanacheViaRpc_SharesRevokesAndLogsAcrossProcesses()
    {
        await using var ganache = await ReferenceChainNode.StartGanacheAsync(TestContext.Current.CancellationToken);
        await RunAsync(ganache);
    }

    [Fact]
    public async Task Scenario_AnvilViaRpc_SharesRevokesAndLogsAcrossProcesses()
    {
        await using var anvil = await ReferenceChainNode.StartAnvilAsync(TestContext.Current.CancellationToken);
        await RunAsync(anvil);
    }

    private static async Task RunAsync(IChainEndpoint chain)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var scenario = new ProcessScenario(ws, ct);
        var centerKey = ws.PathOf("center.key");
        await File.WriteAllTextAsync(centerKey, chain.FundedPrivateKeys[0], ct);
        (await scenario.CenterAsync("init", "--rpc", chain.RpcUrl.ToString(), "--chain-id", "31337", "--key-file", centerKey, "--scrypt-n", ActorWorkspace.TestScryptN)).EnsureOk();

        await scenario.RunAsync(chain.RpcUrl, [chain.FundedPrivateKeys[1], chain.FundedPrivateKeys[2]]);
    }
}
