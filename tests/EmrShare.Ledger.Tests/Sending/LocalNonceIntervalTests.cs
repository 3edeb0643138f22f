using System.Numerics;
using EmrShare.Chain;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EmrShare.Ledger.Tests.Sending;

/// <summary>
/// Local nonces on an interval-mining ledger: another process's transaction still pending at the nonce this
/// process counted makes the node answer "replacement transaction underpriced" (same fee) or "already known" —
/// not "nonce too low". That is a nonce refusal too: the count is re-read (pending) and the send goes out once more.
/// </summary>
public sealed class LocalNonceIntervalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_OtherProcessTxPendingAtOurNonce_RereadsPendingCountAndResendSucceeds()
    {
        // Blocks only when the test mines them: when the sender polls for its receipt.
        var options = LedgerOptions.Development(mining: MiningMode.Interval) with { BlockInterval = TimeSpan.FromHours(1) };
        await using var ledger = await EmbeddedLedger.OpenAsync(options, null, Ct);
        var handler = new LedgerRpcHandler(ledger);
        var client = new RecordingLedgerClient(handler);
        client.BeforeRequest = async request =>
        {
            if (request.Method == "eth_getTransactionReceipt")
            {
                await ledger.MineAsync(Ct);
            }
        };
        var web3 = ChainConnection.Connect(client, SendingLedger.SenderKey, SendingLedger.ChainId);
        var sender = web3.TransactionManager.Account.Address;
        var payee = new Account(LedgerOptions.DevPrivateKeys[6]).Address;
        await EtherTransfers.SendAsync(web3, payee, 0.001m, Ct);

        // Another process holding the key sends at nonce 1 with a far higher fee (ours cannot replace it); it stays
        // pending (not mined yet).
        var other = new Web3(new Account(SendingLedger.SenderKey, SendingLedger.ChainId), new InProcessRpcClient(handler));
        await other.Eth.GetEtherTransferService().TransferEtherAsync(payee, 0.001m, gasPriceGwei: 500m);
        Assert.Equal(BigInteger.One, (await other.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender, BlockParameter.CreatePending())).Value - 1);

        var mark = client.Methods.Count;
        var receipt = await EtherTransfers.SendAsync(web3, payee, 0.001m, Ct);

        Assert.NotNull(receipt);
        Assert.Equal(2, client.CountSince(mark, "eth_sendRawTransaction"));
        Assert.Equal(1, client.CountSince(mark, "eth_getTransactionCount"));
        var mined = (await other.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender, BlockParameter.CreateLatest())).Value;
        Assert.Equal(3, (int)mined);
    }
}
