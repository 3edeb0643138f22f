using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;

namespace EmrShare.Nodes.Chain;

/// <summary>
/// Decorates the JSON-RPC client of <see cref="ChainAccess.ForRpc"/> so a chain node that cannot be reached
/// surfaces as <see cref="ChainUnavailableException"/> at the node edge, whatever path hit it (contract call,
/// transaction send, receipt polling, event logs). Errors the node itself returns pass through unchanged.
/// </summary>
internal sealed class ChainUnavailableClient(IClient inner, Uri rpcUrl) : IClient
{
    public RequestInterceptor OverridingRequestInterceptor
    {
        get => inner.OverridingRequestInterceptor;
        set => inner.OverridingRequestInterceptor = value;
    }

    public T DecodeResult<T>(RpcResponseMessage rpcResponseMessage) => inner.DecodeResult<T>(rpcResponseMessage);

    public Task<RpcRequestResponseBatch> SendBatchRequestAsync(RpcRequestResponseBatch rpcRequestResponseBatch) =>
        Guard(() => inner.SendBatchRequestAsync(rpcRequestResponseBatch), "batch");

    public Task<T> SendRequestAsync<T>(RpcRequest request, string? route = null) =>
        Guard(() => inner.SendRequestAsync<T>(request, route), request?.Method);

    public Task<T> SendRequestAsync<T>(string method, string? route = null, params object[] paramList) =>
        Guard(() => inner.SendRequestAsync<T>(method, route, paramList), method);

    public Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null) =>
        Guard(() => inner.SendAsync(rpcRequestMessage, route), rpcRequestMessage?.Method);

    public Task SendRequestAsync(RpcRequest request, string? route = null) =>
        Guard(async () => { await inner.SendRequestAsync(request, route).ConfigureAwait(false); return true; }, request?.Method);

    public Task SendRequestAsync(string method, string? route = null, params object[] paramList) =>
        Guard(async () => { await inner.SendRequestAsync(method, route, paramList).ConfigureAwait(false); return true; }, method);

    private async Task<T> Guard<T>(Func<Task<T>> call, string? method)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (Transport.TransportFailure.Is(ex))
        {
            throw new ChainUnavailableException($"cannot reach the JSON-RPC node at {rpcUrl} ({method ?? "request"}): {Innermost(ex).Message}", ex);
        }
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
