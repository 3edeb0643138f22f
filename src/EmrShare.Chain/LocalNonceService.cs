using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.Eth.Transactions;
using Nethereum.RPC.NonceServices;

namespace EmrShare.Chain;

/// <summary>
/// Nonces for one account kept in this process: read from the node (pending count) once, then counted up per
/// send, so a send costs no <c>eth_getTransactionCount</c> round trip (Nethereum's in-memory tracker asks the
/// node on every send). <see cref="ContractClient"/> sends one account's transactions in order and calls
/// <see cref="ResetNonceAsync"/> when a send fails, and resends once on a "nonce too low/high" refusal (another
/// process or client sent from the same account), so the next nonce is read from the node again.
/// </summary>
public sealed class LocalNonceService : INonceService
{
    private readonly string _account;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BigInteger? _next;

    public LocalNonceService(string account, IClient client)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        _account = account;
        Client = client;
    }

    public IClient Client { get; set; }

    public bool UseLatestTransactionsOnly { get; set; }

    public async Task<HexBigInteger> GetNextNonceAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_next is not { } next)
            {
                var block = UseLatestTransactionsOnly ? BlockParameter.CreateLatest() : BlockParameter.CreatePending();
                next = (await new EthGetTransactionCount(Client).SendRequestAsync(_account, block).ConfigureAwait(false)).Value;
            }

            _next = next + 1;
            return new HexBigInteger(next);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ResetNonceAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        _next = null;
        _gate.Release();
    }
}
