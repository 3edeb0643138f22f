using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.Eth.Transactions;
using Nethereum.RPC.NonceServices;

namespace EmrShare.Chain;

/// <summary>
/// Nonces for one account kept in this process: read from the node (pending count) once, then counted up per
/// send, so a send costs no <c>eth_getTransactionCount</c> round trip (Nethereum's in-memory tracker asks the
/// node on every send). <see cref="AccountSubmission"/> sends one account's transactions in order and calls
/// <see cref="ResetNonceAsync"/> when a send fails, and resends once on a "nonce too low/high" refusal (another
/// process or client sent from the same account), so the next nonce is read from the node again. One count per
/// account and JSON-RPC client (<see cref="For"/>): a key bound twice in one process (a practitioner's
/// break-glass while an earlier one is still sending) shares it instead of counting twice.
/// </summary>
public sealed class LocalNonceService : INonceService
{
    private static readonly ConditionalWeakTable<IClient, ConcurrentDictionary<string, LocalNonceService>> PerClient = [];

    private readonly string _account;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BigInteger? _next;

    public LocalNonceService(string account, IClient client)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        _account = account;
        Client = client;
    }

    /// <summary>The one count for <paramref name="account"/> on <paramref name="client"/>'s chain.</summary>
    public static LocalNonceService For(IClient client, string account)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        return PerClient.GetValue(client, _ => new(StringComparer.OrdinalIgnoreCase))
            .GetOrAdd(account, a => new LocalNonceService(a, client));
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
