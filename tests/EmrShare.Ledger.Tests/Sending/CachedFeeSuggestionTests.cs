using System.Security.Cryptography;
using EmrShare.Chain;
using Microsoft.Extensions.Time.Testing;

namespace EmrShare.Ledger.Tests.Sending;

/// <summary>EIP-1559 fee suggestions reused for one second by the connection (<c>CachedFeeSuggestion</c>), timed by a fake clock.</summary>
public sealed class CachedFeeSuggestionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_WithinOneSecondReusesTheSuggestion_AfterItAsksTheNodeAgain()
    {
        await using var chain = await SendingLedger.StartAsync(Ct);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var probe = new ContractClient(ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId, time), chain.Probe);

        var asked = await FeeQuestionsAsync(chain, () => probe.SendAsync(Anchor(), Ct));
        time.Advance(TimeSpan.FromMilliseconds(999));
        var reused = await FeeQuestionsAsync(chain, () => probe.SendAsync(Anchor(), Ct));
        time.Advance(TimeSpan.FromMilliseconds(1));
        var expired = await FeeQuestionsAsync(chain, () => probe.SendAsync(Anchor(), Ct));

        Assert.True(asked > 0, "a first send asks the node for the fee");
        Assert.Equal(0, reused);
        Assert.Equal(asked, expired);
    }

    /// <summary>Requests for block data (what the fee strategy reads) while <paramref name="send"/> runs.</summary>
    private static async Task<int> FeeQuestionsAsync(SendingLedger chain, Func<Task> send)
    {
        var mark = chain.Client.Methods.Count;
        await send();
        return chain.Client.CountSince(mark, "eth_getBlockByNumber") + chain.Client.CountSince(mark, "eth_feeHistory")
            + chain.Client.CountSince(mark, "eth_maxPriorityFeePerGas");
    }

    private static ProbeAnchorFunction Anchor() => new() { Id = RandomNumberGenerator.GetBytes(32), Commitment = RandomNumberGenerator.GetBytes(32) };
}
