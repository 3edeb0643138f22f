using System.Collections.Concurrent;
using Nethereum.Web3;

namespace EmrShare.Chain;

/// <summary>One submission gate per sending account in this process (see <see cref="ContractClient.SendAsync{TFunction}"/>).</summary>
internal static class SendGates
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.OrdinalIgnoreCase);

    public static SemaphoreSlim For(IWeb3 web3)
    {
        var sender = web3.TransactionManager.Account?.Address ?? "node-managed-account";
        return Gates.GetOrAdd(sender, _ => new SemaphoreSlim(1, 1));
    }
}
