using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using EmrShare.Ledger.Chain;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// One JSON-RPC client over WebSocket: requests (single or batch) are answered in order, and the connection's
/// <see cref="RpcSubscriptions"/> turn sealed blocks and pending transactions into <c>eth_subscription</c>
/// notifications. Everything sent goes through one bounded queue and one writer: a client that does not keep up is
/// closed with 1008 instead of growing memory; a message above the request size limit is closed with 1009.
/// </summary>
internal sealed class WebSocketRpcConnection
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private readonly WebSocket _socket;
    private readonly IRpcHandler _handler;
    private readonly RpcServerLimits _limits;
    private readonly Func<string, string?> _admit;
    private readonly RpcSubscriptions? _subscriptions;
    private readonly EmbeddedLedger? _ledger;
    private readonly Channel<Outbound> _outbox;
    private volatile CloseRequest? _close;

    /// <summary>Serves <paramref name="socket"/>; <paramref name="admit"/> is the per-message rate limit: null to serve the message, or the refusal to send instead.</summary>
    public WebSocketRpcConnection(WebSocket socket, IRpcHandler handler, RpcServerLimits limits, Func<string, string?> admit)
    {
        _socket = socket;
        _handler = handler;
        _limits = limits;
        _admit = admit;
        _outbox = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(limits.MaxQueuedWebSocketMessages) { SingleReader = true });
        if (handler is LedgerRpcHandler ledgerHandler)
        {
            _ledger = ledgerHandler.Ledger;
            _subscriptions = new RpcSubscriptions(_ledger, limits.MaxSubscriptionsPerConnection);
        }
    }

    /// <summary>Serves the connection until either side closes it; <paramref name="stopping"/> (host shutdown) closes it with 1001 (going away).</summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken cancellationToken)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var shutdown = stopping.Register(() => RequestClose(WebSocketCloseStatus.EndpointUnavailable, "server shutting down"));
        if (_ledger is not null)
        {
            _ledger.BlockSealed += OnBlockSealed;
            _ledger.TransactionPending += OnTransactionPending;
        }

        var writer = Task.Run(() => WriteAsync(lifetime), CancellationToken.None);
        try
        {
            await ReadAsync(lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ChannelClosedException)
        {
            // the client went away or the connection was closed: nothing left to answer
        }
        finally
        {
            if (_ledger is not null)
            {
                _ledger.BlockSealed -= OnBlockSealed;
                _ledger.TransactionPending -= OnTransactionPending;
            }

            RequestClose(WebSocketCloseStatus.NormalClosure, string.Empty);
            await writer.ConfigureAwait(false);
            _socket.Abort();
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (_close is not null)
            {
                continue; // closing: the rest is read only to reach the client's close frame
            }

            if (message.Length + received.Count > _limits.MaxRequestBytes)
            {
                RequestClose(WebSocketCloseStatus.MessageTooBig, $"message too large (max {_limits.MaxRequestBytes} bytes)");
                continue;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            var answer = _admit(text) ?? await HandleAsync(text, cancellationToken).ConfigureAwait(false);
            var created = _subscriptions?.TakeCreated() ?? [];
            if (answer is not null)
            {
                await _outbox.Writer.WriteAsync(new Outbound(answer, null, null, created), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                RpcSubscriptions.Activate(created);
            }
        }
    }

    private Task<string?> HandleAsync(string text, CancellationToken cancellationToken) =>
        _handler is LedgerRpcHandler ledgerHandler
            ? ledgerHandler.HandleAsync(text, _subscriptions, cancellationToken)
            : _handler.HandleAsync(text, cancellationToken);

    private async Task WriteAsync(CancellationTokenSource lifetime)
    {
        try
        {
            await foreach (var item in _outbox.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (_close is not null)
                {
                    break;
                }

                foreach (var text in Texts(item))
                {
                    using var timeout = new CancellationTokenSource(_limits.WebSocketSendTimeout);
                    await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token).ConfigureAwait(false);
                }

                RpcSubscriptions.Activate(item.Activate);
            }

            var close = _close ?? new CloseRequest(WebSocketCloseStatus.NormalClosure, string.Empty);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
                await _socket.CloseOutputAsync(close.Status, close.Reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // a send that timed out aborted the socket: the client is gone or stuck
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A notification could not be built (the ledger is closing): end the connection, never the host.
            _socket.Abort();
        }
        finally
        {
            // Give the client a moment to answer the close frame, then stop reading.
            lifetime.CancelAfter(CloseHandshakeTimeout);
        }
    }

    private IEnumerable<string> Texts(Outbound item)
    {
        if (item.Text is not null)
        {
            return [item.Text];
        }

        return item.Block is not null ? _subscriptions!.NotificationsFor(item.Block) : _subscriptions!.NotificationsFor(item.PendingHash!);
    }

    private void OnBlockSealed(LedgerBlock block)
    {
        if (_subscriptions!.WantsBlocks)
        {
            Enqueue(new Outbound(null, block, null, []));
        }
    }

    private void OnTransactionPending(byte[] hash)
    {
        if (_subscriptions!.WantsPending)
        {
            Enqueue(new Outbound(null, null, hash, []));
        }
    }

    /// <summary>Called on the chain's thread: never waits. A full queue means the client is not keeping up.</summary>
    private void Enqueue(Outbound item)
    {
        if (!_outbox.Writer.TryWrite(item))
        {
            RequestClose(WebSocketCloseStatus.PolicyViolation, $"slow consumer: more than {_limits.MaxQueuedWebSocketMessages} messages waiting");
        }
    }

    private void RequestClose(WebSocketCloseStatus status, string reason)
    {
        Interlocked.CompareExchange(ref _close, new CloseRequest(status, reason), null);

        _outbox.Writer.TryComplete();
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string Reason);

    /// <summary>One queued item: an answer (then the subscriptions it created start notifying), a sealed block or a pending hash.</summary>
    private sealed record Outbound(string? Text, LedgerBlock? Block, byte[]? PendingHash, IReadOnlyList<RpcSubscriptions.Subscription> Activate);
}
