using EmrShare.TestSupport;
using Nethereum.Signer;

namespace EmrShare.Chain.Tests;

/// <summary>The Hardhat fixture itself: the keys it hands out are the accounts the node funded.</summary>
public sealed class HardhatNodeTests
{
    [Fact]
    public async Task StartAsync_FundedKeys_MatchNodeAccountsAndStopByPid()
    {
        var node = await HardhatNode.StartAsync(TestContext.Current.CancellationToken);
        int pid;
        await using (node)
        {
            pid = node.ProcessId;
            var derived = node.FundedPrivateKeys.Select(k => new EthECKey(k).GetPublicAddress().ToLowerInvariant()).ToList();
            Assert.Equal(derived, node.Accounts.Take(derived.Count));
            Assert.Equal(31337, node.ChainId);
        }

        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }
}
