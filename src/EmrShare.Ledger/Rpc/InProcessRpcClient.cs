using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Newtonsoft.Json;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// A Nethereum <see cref="IClient"/> that talks to an <see cref="IRpcHandler"/> in the same process, so
/// <c>new Web3(new InProcessRpcClient(handler))</c> works without HTTP. Requests go through the same JSON
/// text path as HTTP, so both transports behave identically.
/// </summary>
public sealed class InProcessRpcClient : ClientBase
{
    private readonly IRpcHandler _handler;

    public InProcessRpcClient(IRpcHandler handler)
    {
        _handler = handler;
    }

    public override async Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null)
    {
        var response = await _handler.HandleAsync(JsonConvert.SerializeObject(rpcRequestMessage), CancellationToken.None).ConfigureAwait(false);
        return JsonConvert.DeserializeObject<RpcResponseMessage>(response ?? "{}")
            ?? throw new RpcClientUnknownException("empty response from the in-process ledger");
    }

    protected override async Task<RpcResponseMessage[]> SendAsync(RpcRequestMessage[] requests)
    {
        var response = await _handler.HandleAsync(JsonConvert.SerializeObject(requests), CancellationToken.None).ConfigureAwait(false);
        return JsonConvert.DeserializeObject<RpcResponseMessage[]>(response ?? "[]") ?? [];
    }
}
