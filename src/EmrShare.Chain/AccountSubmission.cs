using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace EmrShare.Chain;

/// <summary>
/// The one way a transaction leaves this process for an account: under the account's send gate
/// (<see cref="SendGates"/>), with the nonce counted locally (<see cref="LocalNonceService"/>). If the node refuses
/// the nonce (another process or client sent from this account since the count was read, or has a transaction
/// pending at it), the count is read again
/// and the transaction signed and sent once more; a second refusal is <see cref="NonceConflictException"/>, never a
/// loop. Any failure re-reads the count at the next send, so a nonce handed out but never accepted is not skipped.
/// Contract calls (<see cref="ContractClient"/>), ether transfers (<see cref="EtherTransfers"/>) and deployments
/// all go through here, so they never race each other for a nonce.
/// </summary>
internal static class AccountSubmission
{
    /// <summary>Runs <paramref name="prepare"/> (e.g. a dry run) and then <paramref name="send"/> under the gate; returns the transaction hash.</summary>
    public static async Task<string> SubmitAsync(IWeb3 web3, Func<Task>? prepare, Func<Task<string>> send, CancellationToken cancellationToken)
    {
        var gate = SendGates.For(web3);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (prepare is not null)
            {
                await prepare().ConfigureAwait(false);
            }

            // Not cancelled mid-flight: a half-sent transaction would leave the nonce count out of step.
            return await SendOnceMoreOnNonceRefusalAsync(web3, send).ConfigureAwait(false);
        }
        catch
        {
            await ResetNonceAsync(web3).ConfigureAwait(false);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The local count may have handed out a nonce that was never accepted; the next send re-reads it from the node.</summary>
    public static async Task ResetNonceAsync(IWeb3 web3)
    {
        if (web3.TransactionManager.Account?.NonceService is { } nonces)
        {
            await nonces.ResetNonceAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// geth, Anvil and this ledger say "nonce too low/high"; Hardhat "Nonce too high. Expected nonce to be …". With
    /// another process's transaction still pending at the counted nonce (interval mining) the node answers
    /// "replacement transaction underpriced" (ours does not outbid it) or "already known" (the very same bytes):
    /// also a stale count, read again from the pending count.
    /// </summary>
    internal static bool IsNonceRefusal(Exception exception) =>
        exception is RpcResponseException rpc
        && NonceRefusals.Any(refusal => (rpc.RpcError?.Message ?? string.Empty).Contains(refusal, StringComparison.OrdinalIgnoreCase)
            || rpc.Message.Contains(refusal, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] NonceRefusals = ["nonce too", "replacement transaction underpriced", "already known"];

    private static async Task<string> SendOnceMoreOnNonceRefusalAsync(IWeb3 web3, Func<Task<string>> send)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (Exception first) when (IsNonceRefusal(first))
        {
            await ResetNonceAsync(web3).ConfigureAwait(false);
            try
            {
                return await send().ConfigureAwait(false);
            }
            catch (Exception second) when (IsNonceRefusal(second))
            {
                throw NonceConflictException.For(web3.TransactionManager.Account?.Address ?? "node-managed-account", second);
            }
        }
    }
}
