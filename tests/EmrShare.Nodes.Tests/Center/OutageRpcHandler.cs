using EmrShare.Ledger.Rpc;

namespace EmrShare.Nodes.Tests.Center;

/// <summary>
/// A JSON-RPC handler that lets a budget of <c>eth_sendRawTransaction</c> calls through and then fails EVERY request
/// (the HTTP server answers 500, the client sees an unreachable node) until <see cref="Restore"/>: the chain went
/// down in the middle of a multi-transaction operation.
/// </summary>
internal sealed class OutageRpcHandler(IRpcHandler inner) : IRpcHandler
{
    private int _sendsLeft = int.MaxValue;
    private volatile bool _down;

    public void FailAfterSends(int sends) => Interlocked.Exchange(ref _sendsLeft, sends);

    public void Restore()
    {
        _down = false;
        Interlocked.Exchange(ref _sendsLeft, int.MaxValue);
    }

    public Task<string?> HandleAsync(string requestJson, CancellationToken cancellationToken)
    {
        if (!_down && requestJson.Contains("\"eth_sendRawTransaction\"", StringComparison.Ordinal) && Interlocked.Decrement(ref _sendsLeft) < 0)
        {
            _down = true;
        }

        if (_down)
        {
            throw new IOException("injected outage: the chain node is down");
        }

        return inner.HandleAsync(requestJson, cancellationToken);
    }
}
