using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Chain;

/// <summary>
/// Gas limits learned per contract, function and calldata length ("shape"), so a send does not run
/// <c>eth_estimateGas</c> every time: an exact estimate is a binary search over many EVM executions on the node,
/// several times the cost of the transaction itself. The first send of a shape estimates; later ones use the gas
/// it used plus a margin (<see cref="WithMargin"/>). A transaction that still fails with a learned limit forgets
/// the shape and is sent again once with a fresh estimate (<see cref="ContractClient.SendAsync{TFunction}"/>).
/// Reverts are still caught before sending, by an <c>eth_call</c> of the same message, so refused input costs no
/// gas. One table per JSON-RPC client (one chain): every key bound through the same client shares it, and two
/// chains in one process (tests) never see each other's limits.
/// </summary>
internal sealed class GasLimits
{
    private static readonly ConditionalWeakTable<IClient, GasLimits> PerClient = [];

    private readonly ConcurrentDictionary<(string Contract, Type Function, int CalldataLength), BigInteger> _learned = new();

    public static GasLimits For(IClient client) => PerClient.GetValue(client, _ => new GasLimits());

    /// <summary>Headroom over the gas a send used: storage state (cold slots, refunds) moves gas by a few thousand.</summary>
    public static BigInteger WithMargin(BigInteger gasUsed) => (gasUsed * 5 / 4) + 10_000;

    public BigInteger? Find(string contract, Type function, int calldataLength) =>
        _learned.TryGetValue((contract.ToLowerInvariant(), function, calldataLength), out var limit) ? limit : null;

    public BigInteger Learn(string contract, Type function, int calldataLength, BigInteger gasUsed)
    {
        var limit = WithMargin(gasUsed);
        _learned[(contract.ToLowerInvariant(), function, calldataLength)] = limit;
        return limit;
    }

    public void Forget(string contract, Type function, int calldataLength) =>
        _learned.TryRemove((contract.ToLowerInvariant(), function, calldataLength), out _);
}
