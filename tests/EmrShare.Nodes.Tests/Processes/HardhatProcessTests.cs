using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 6: the same multi-process scenario with Hardhat as the chain — every actor reaches it through
/// <c>--rpc</c> / the deployment file, the Center and hospitals bring funded development keys.
/// </summary>
public sealed class HardhatProcessTests
{
    [Fact]
    public async Task Scenario_HardhatViaRpc_SharesRevokesAndLogsAcrossProcesses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hardhat = await HardhatNode.StartAsync(ct);
        await using var ws = new ActorWorkspace();
        var scenario = new ProcessScenario(ws, ct);
        var centerKey = ws.PathOf("center.key");
        await File.WriteAllTextAsync(centerKey, hardhat.FundedPrivateKeys[0], ct);
        var init = (await scenario.CenterAsync("init", "--rpc", hardhat.RpcUrl.ToString(), "--chain-id", "31337", "--key-file", centerKey, "--scrypt-n", ActorWorkspace.TestScryptN)).EnsureOk();
        Assert.Equal(hardhat.Accounts[0], init.Field("center").ToLowerInvariant());

        // No 'center serve' here: the Center has no serve loop on an external chain, and says so.
        var serve = await scenario.CenterAsync("serve", "--port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(64, serve.ExitCode);

        await scenario.RunAsync(hardhat.RpcUrl, [hardhat.FundedPrivateKeys[1], hardhat.FundedPrivateKeys[2]]);
    }
}
