using System.Text.Json.Nodes;

namespace EmrShare.Ledger.Rpc;

/// <summary>The per-connection methods of a WebSocket client (<c>eth_subscribe</c>, <c>eth_unsubscribe</c>); over HTTP there is none and they answer "notifications not supported", as geth does.</summary>
internal interface IRpcSession
{
    JsonNode? Invoke(string method, RpcParams p);

    /// <summary>
    /// The answer carrying <paramref name="result"/> was replaced by an error (the batch passed the response size
    /// limit), so the client never learns what it created: a subscription id in it is cancelled.
    /// </summary>
    void Withdraw(JsonNode? result);
}
