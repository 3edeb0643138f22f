using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Chain;

/// <summary>Signing and sending with locally counted nonces (<see cref="LocalNonceService"/>).</summary>
public sealed partial class ContractClient
{
    /// <summary>
    /// Signs with the next local nonce and sends. If the node refuses the nonce (another client sent from this
    /// account since it was read), the count is read from the node again and the message sent once more.
    /// </summary>
    private async Task<string> SendSignedAsync<TFunction>(TFunction message)
        where TFunction : FunctionMessage, new()
    {
        var handler = Web3.Eth.GetContractTransactionHandler<TFunction>();
        try
        {
            return await handler.SendRequestAsync(Address, message).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNonceRefusal(ex))
        {
            await ResetNonceAsync().ConfigureAwait(false);
            return await handler.SendRequestAsync(Address, message).ConfigureAwait(false);
        }
    }

    /// <summary>geth, Anvil and this ledger say "nonce too low/high"; Hardhat "Nonce too high. Expected nonce to be …".</summary>
    internal static bool IsNonceRefusal(Exception exception) =>
        exception is RpcResponseException rpc
        && ((rpc.RpcError?.Message ?? rpc.Message).Contains("nonce too", StringComparison.OrdinalIgnoreCase)
            || rpc.Message.Contains("nonce too", StringComparison.OrdinalIgnoreCase));
}
