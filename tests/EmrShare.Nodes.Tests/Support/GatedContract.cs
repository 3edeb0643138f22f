using System.Reflection;
using EmrShare.Chain;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>
/// The real AccessControl client, except that a single <c>recordFulfilment</c> waits for a gate before it is sent:
/// a test holds one fulfilment in flight to queue others behind it, whatever the speed of the ledger.
/// </summary>
public class GatedContract : DispatchProxy
{
    private IAccessControlContract _target = null!;
    private Task _gate = Task.CompletedTask;

    public static IAccessControlContract Wrap(IAccessControlContract target, Task gate)
    {
        var proxy = Create<IAccessControlContract, GatedContract>();
        var gated = (GatedContract)(object)proxy;
        gated._target = target;
        gated._gate = gate;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return targetMethod.Name == nameof(IAccessControlContract.RecordFulfilmentAsync)
            ? AfterGateAsync(targetMethod, args)
            : targetMethod.Invoke(_target, args);
    }

    private async Task<ChainReceipt> AfterGateAsync(MethodInfo method, object?[]? args)
    {
        await _gate.ConfigureAwait(false);
        return await ((Task<ChainReceipt>)method.Invoke(_target, args)!).ConfigureAwait(false);
    }
}
