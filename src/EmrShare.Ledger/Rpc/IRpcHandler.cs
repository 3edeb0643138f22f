namespace EmrShare.Ledger.Rpc;

/// <summary>A JSON-RPC 2.0 endpoint: one request or batch in, the response text out (never throws for bad input).</summary>
public interface IRpcHandler
{
    /// <summary>Returns the response JSON, or null when the request held only notifications.</summary>
    Task<string?> HandleAsync(string requestJson, CancellationToken cancellationToken);
}
