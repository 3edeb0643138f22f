using EmrShare.Ledger.Rpc;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>
/// A JSON-RPC handler that, while armed, lets the next <c>eth_sendRawTransaction</c> reach the ledger (so the
/// transaction is mined) but answers the caller with an error, as if the connection dropped on the way back:
/// the node sent the transaction but does not know it.
/// </summary>
internal sealed class LostAnswerRpcHandler(IRpcHandler inner) : IRpcHandler
{
    private int _armed;

    public int Lost { get; private set; }

    public void ArmOnce() => Interlocked.Exchange(ref _armed, 1);

    public async Task<string?> HandleAsync(string requestJson, CancellationToken cancellationToken)
    {
        var response = await inner.HandleAsync(requestJson, cancellationToken);
        if (requestJson.Contains("\"eth_sendRawTransaction\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Lost++;
            var id = System.Text.Json.JsonDocument.Parse(requestJson).RootElement.GetProperty("id").GetRawText();
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32000,\"message\":\"injected: connection reset after send\"}}";
        }

        return response;
    }
}
