using System.Numerics;
using System.Security.Cryptography;
using EmrShare.Chain;

namespace EmrShare.Ledger.Tests.Sending;

/// <summary>
/// Gas limits learned per contract, function and calldata length (<c>GasLimits</c>), on a real embedded ledger
/// with real contracts: the LedgerProbe test contract, whose <c>burn(rounds)</c> has one calldata shape and a cost
/// that grows with its argument, and the EmrShare Index contract for a typed revert.
/// </summary>
public sealed class LearnedGasLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_SameShapeAgain_LearnedLimitAfterDryRunNoEstimate()
    {
        await using var chain = await SendingLedger.StartAsync(Ct);
        var probe = new ContractClient(ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId), chain.Probe);
        await probe.SendAsync(new ProbeBurnFunction { Rounds = 3 }, Ct);

        var mark = chain.Client.Methods.Count;
        var receipt = await probe.SendAsync(new ProbeBurnFunction { Rounds = 4 }, Ct);

        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.Equal(0, chain.Client.CountSince(mark, "eth_estimateGas"));
        Assert.Equal(1, chain.Client.CountSince(mark, "eth_call"));
        Assert.Equal(1, chain.Client.CountSince(mark, "eth_sendRawTransaction"));
    }

    [Fact]
    public async Task Send_LearnedLimitRunsOutOfGas_ForgottenAndSentOnceMoreWithEstimate()
    {
        await using var chain = await SendingLedger.StartAsync(Ct);
        var web3 = ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId);
        var sender = web3.TransactionManager.Account.Address;
        var probe = new ContractClient(web3, chain.Probe);
        var cheap = await probe.SendAsync(new ProbeBurnFunction { Rounds = 1 }, Ct);
        var nonceBefore = await chain.MinedNonceAsync(sender);

        // Same shape, ~2,000 more keccak rounds: far above the limit learned from one round.
        var mark = chain.Client.Methods.Count;
        var costly = await probe.SendAsync(new ProbeBurnFunction { Rounds = 2_000 }, Ct);

        Assert.Equal(1, (int)costly.Status.Value);
        Assert.True(costly.GasUsed.Value > GasLimitOf(cheap.GasUsed.Value), "the costly call must not fit the learned limit, or this test proves nothing");
        Assert.Equal(2, chain.Client.CountSince(mark, "eth_sendRawTransaction"));
        Assert.Equal(1, chain.Client.CountSince(mark, "eth_estimateGas"));
        Assert.Equal(nonceBefore + 2, await chain.MinedNonceAsync(sender));

        // The failed attempt is on chain (out of gas with the learned limit), and its limit was learned anew.
        mark = chain.Client.Methods.Count;
        await probe.SendAsync(new ProbeBurnFunction { Rounds = 2_000 }, Ct);
        Assert.Equal(0, chain.Client.CountSince(mark, "eth_estimateGas"));
        Assert.Equal(1, chain.Client.CountSince(mark, "eth_sendRawTransaction"));
    }

    [Fact]
    public async Task Send_RevertOnLearnedShape_TypedAsBeforeNothingSentNoGasSpent()
    {
        await using var chain = await SendingLedger.StartAsync(Ct);
        var center = ChainConnection.Connect(chain.Client, Ledger.LedgerOptions.DevPrivateKeys[4], SendingLedger.ChainId);
        var addresses = await EmrShareDeployment.DeployAndBindAsync(center, Ct);
        var indexWeb3 = ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId);
        var indexAccount = indexWeb3.TransactionManager.Account.Address;
        await new EmrShareChain(center, addresses).Registry.RegisterPseudonymsAsync([indexAccount], Ct);
        var index = new EmrShareChain(indexWeb3, addresses).Index;

        // A shape not learned yet reverts at its estimate, as every send did before limits were learned.
        var before = await Assert.ThrowsAsync<ContractRevertedException>(() => index.AnchorIndexAsync(RandomHash(), 2, Ct));
        await index.AnchorIndexAsync(RandomHash(), 1, Ct);

        // Now learned: the same shape with a sequence the contract refuses.
        var nonce = await chain.MinedNonceAsync(indexAccount);
        var balance = await chain.BalanceAsync(indexAccount);
        var mark = chain.Client.Methods.Count;
        var reverted = await Assert.ThrowsAsync<ContractRevertedException>(() => index.AnchorIndexAsync(RandomHash(), 1, Ct));

        Assert.Equal("IndexSequenceMismatch", before.ErrorName);
        Assert.Equal(before.ErrorName, reverted.ErrorName);
        Assert.Equal(0, chain.Client.CountSince(mark, "eth_sendRawTransaction"));
        Assert.Equal(nonce, await chain.MinedNonceAsync(indexAccount));
        Assert.Equal(balance, await chain.BalanceAsync(indexAccount));
        Assert.Equal(1, chain.Client.CountSince(mark, "eth_call"));

        // And the account still sends afterwards with the right nonce.
        await index.AnchorIndexAsync(RandomHash(), 2, Ct);
        Assert.Equal(nonce + 1, await chain.MinedNonceAsync(indexAccount));
    }

    [Fact]
    public async Task Send_StateMovesBetweenDryRunAndMining_SentOnceMoreThenTypedRevert()
    {
        await using var chain = await SendingLedger.StartAsync(Ct);
        var web3 = ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId);
        var sender = web3.TransactionManager.Account.Address;
        var probe = new ContractClient(web3, chain.Probe);
        await probe.SendAsync(new ProbeAnchorFunction { Id = RandomBytes(), Commitment = RandomBytes() }, Ct);

        // Another account anchors the same id after our dry run passed, just before our transaction goes out.
        var id = RandomBytes();
        var rival = new ContractClient(chain.OutOfBand(Ledger.LedgerOptions.DevPrivateKeys[5]), chain.Probe);
        var raced = 0;
        chain.Client.BeforeRequest = async request =>
        {
            if (request.Method == "eth_sendRawTransaction" && Interlocked.Exchange(ref raced, 1) == 0)
            {
                await rival.SendAsync(new ProbeAnchorFunction { Id = id, Commitment = RandomBytes() }, CancellationToken.None);
            }
        };
        var nonce = await chain.MinedNonceAsync(sender);
        var mark = chain.Client.Methods.Count;

        var ex = await Assert.ThrowsAsync<ContractRevertedException>(() => probe.SendAsync(new ProbeAnchorFunction { Id = id, Commitment = RandomBytes() }, Ct));

        Assert.Equal(1, raced);
        Assert.Equal(1, chain.Client.CountSince(mark, "eth_sendRawTransaction"));
        Assert.Equal(1, chain.Client.CountSince(mark, "eth_estimateGas"));
        Assert.Equal(nonce + 1, await chain.MinedNonceAsync(sender));
        Assert.NotNull(ex.RevertData);
    }

    private static BigInteger GasLimitOf(BigInteger gasUsed) => (gasUsed * 5 / 4) + 10_000;

    private static Bytes32 RandomHash() => Bytes32.FromBytes(RandomBytes());

    private static byte[] RandomBytes() => RandomNumberGenerator.GetBytes(32);
}
