using System.Collections.Concurrent;
using System.Numerics;

namespace EmrShare.Chain;

/// <summary>
/// Gas limits learned per contract, function and calldata length ("shape"), so a send does not run
/// <c>eth_estimateGas</c> every time: an exact estimate is a binary search over many EVM executions on the node,
/// several times the cost of the transaction itself. The first send of a shape estimates; later ones use that
/// estimate plus a margin (<see cref="WithMargin"/>). A transaction that still runs out of gas forgets the shape
/// and is sent again once with a fresh estimate (<see cref="ContractClient.SendAsync{TFunction}"/>). Reverts are
/// still caught before sending, by an <c>eth_call</c> of the same message, so refused input costs no gas.
/// </summary>
internal static class GasLimits
{
    private static readonly ConcurrentDictionary<(string Contract, Type Function, int CalldataLength), BigInteger> Learned = new();

    /// <summary>Headroom over the learned estimate: storage state (cold slots, refunds) moves gas by a few thousand.</summary>
    public static BigInteger WithMargin(BigInteger estimate) => (estimate * 5 / 4) + 10_000;

    public static BigInteger? Find(string contract, Type function, int calldataLength) =>
        Learned.TryGetValue((contract.ToLowerInvariant(), function, calldataLength), out var limit) ? limit : null;

    public static BigInteger Learn(string contract, Type function, int calldataLength, BigInteger estimate)
    {
        var limit = WithMargin(estimate);
        Learned[(contract.ToLowerInvariant(), function, calldataLength)] = limit;
        return limit;
    }

    public static void Forget(string contract, Type function, int calldataLength) =>
        Learned.TryRemove((contract.ToLowerInvariant(), function, calldataLength), out _);
}
