using System.Numerics;
using System.Security.Cryptography;
using EmrShare.Chain;
using Nethereum.Web3;

namespace EmrShare.Ledger.Tests.Sending;

/// <summary>
/// Nonces counted in this process (<c>LocalNonceService</c>) on a real embedded ledger: another process sending
/// from the same key makes the local count stale; the refusal re-reads it and the send goes out once more, and a
/// second refusal is typed instead of looping.
/// </summary>
public sealed class LocalNonceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_AnotherClientSentFromTheSameKey_RefusalRereadsAndResendSucceeds()
    {
        await using var chain = await SendingLedger.StartAsync(Ct);
        var web3 = ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId);
        var sender = web3.TransactionManager.Account.Address;
        var probe = new ContractClient(web3, chain.Probe);
        await probe.SendAsync(Anchor(), Ct);
        await SendOutOfBandAsync(chain);

        var mark = chain.Client.Methods.Count;
        var receipt = await probe.SendAsync(Anchor(), Ct);

        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.Equal(2, chain.Client.CountSince(mark, "eth_sendRawTransaction"));
        Assert.Equal(1, chain.Client.CountSince(mark, "eth_getTransactionCount"));
        Assert.Equal(3, (int)await chain.MinedNonceAsync(sender));
    }

    [Fact]
    public async Task Send_NonceRefusedAgainAfterReread_TypedConflictNoThirdTryNextSendWorks()
    {
        await using var chain = await SendingLedger.StartAsync(Ct);
        var web3 = ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId);
        var sender = web3.TransactionManager.Account.Address;
        var probe = new ContractClient(web3, chain.Probe);
        await probe.SendAsync(Anchor(), Ct);
        await SendOutOfBandAsync(chain);

        // The other process sends again right after the count was re-read, before the resend goes out.
        var sends = 0;
        chain.Client.BeforeRequest = async request =>
        {
            if (request.Method == "eth_sendRawTransaction" && Interlocked.Increment(ref sends) == 2)
            {
                await SendOutOfBandAsync(chain);
            }
        };
        var mark = chain.Client.Methods.Count;

        await Assert.ThrowsAsync<NonceConflictException>(() => probe.SendAsync(Anchor(), Ct));

        // Ours (nonce 0), the other process's two; ours was refused twice and never sent a third time.
        Assert.Equal(2, chain.Client.CountSince(mark, "eth_sendRawTransaction"));
        Assert.Equal(3, (int)await chain.MinedNonceAsync(sender));
        chain.Client.BeforeRequest = null;
        var next = await probe.SendAsync(Anchor(), Ct);
        Assert.Equal(1, (int)next.Status.Value);
        Assert.Equal(4, (int)await chain.MinedNonceAsync(sender));
    }

    [Fact]
    public async Task Send_ConcurrentCallsTransfersAndTwoBindingsOfOneKey_AllMinedNoNonceLost()
    {
        await using var chain = await SendingLedger.StartAsync(Ct);
        var first = ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId);
        var second = ChainConnection.Connect(chain.Client, SendingLedger.SenderKey, SendingLedger.ChainId);
        var sender = first.TransactionManager.Account.Address;
        var reverting = RandomNumberGenerator.GetBytes(32);
        await new ContractClient(first, chain.Probe).SendAsync(new ProbeAnchorFunction { Id = reverting, Commitment = RandomNumberGenerator.GetBytes(32) }, Ct);
        var start = await chain.MinedNonceAsync(sender);

        // 24 contract calls and 8 transfers at once through two bindings, with 4 refused calls mixed in.
        var payee = new Nethereum.Web3.Accounts.Account(Ledger.LedgerOptions.DevPrivateKeys[6]).Address;
        var sends = Enumerable.Range(0, 24).Select(i => (Task)new ContractClient(i % 2 == 0 ? first : second, chain.Probe).SendAsync(Anchor(), Ct))
            .Concat(Enumerable.Range(0, 8).Select(i => (Task)EtherTransfers.SendAsync(i % 2 == 0 ? first : second, payee, 0.001m, Ct)))
            .ToList();
        var refused = Enumerable.Range(0, 4).Select(_ => Assert.ThrowsAsync<ContractRevertedException>(
            () => new ContractClient(second, chain.Probe).SendAsync(new ProbeAnchorFunction { Id = reverting, Commitment = RandomNumberGenerator.GetBytes(32) }, Ct))).ToList();
        await Task.WhenAll(sends.Concat(refused));

        Assert.Equal(start + 32, await chain.MinedNonceAsync(sender));
        await new ContractClient(second, chain.Probe).SendAsync(Anchor(), Ct);
        Assert.Equal(start + 33, await chain.MinedNonceAsync(sender));
    }

    private static ProbeAnchorFunction Anchor() => new() { Id = RandomNumberGenerator.GetBytes(32), Commitment = RandomNumberGenerator.GetBytes(32) };

    /// <summary>A transfer from the test's key through another client, as another process holding the key would send.</summary>
    private static async Task SendOutOfBandAsync(SendingLedger chain)
    {
        IWeb3 other = chain.OutOfBand(SendingLedger.SenderKey);
        var receipt = await other.Eth.GetEtherTransferService().TransferEtherAndWaitForReceiptAsync(other.TransactionManager.Account.Address, 0.001m);
        Assert.Equal(BigInteger.One, receipt.Status.Value);
    }
}
