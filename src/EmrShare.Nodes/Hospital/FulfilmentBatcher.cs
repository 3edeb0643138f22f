using EmrShare.Chain;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Group commit of a custodian's granted fulfilments (issue 19): a fulfilment sent while none is in flight goes alone
/// (<c>recordFulfilment</c>, no added latency); those that arrive while a transaction is in flight queue up and go
/// together in the next one (<c>recordFulfilments</c>, one <c>AccessFulfilled</c> event each), at most
/// <see cref="MaxBatch"/> at a time. The contract refuses a batch whole when one of its requests is refused (a grant
/// revoked since the checks, say), so a reverted batch is retried one request at a time: each caller then gets the
/// answer about its own request, the refusal only the refused one.
/// </summary>
internal sealed class FulfilmentBatcher(IAccessControlContract contract)
{
    /// <summary>Largest batch sent in one transaction (about 1.4M gas at ~42k a request).</summary>
    public const int MaxBatch = 32;

    private readonly Lock _lock = new();
    private readonly List<Pending> _queue = [];
    private bool _draining;

    /// <summary>
    /// The receipt of the transaction that recorded this fulfilment; in a batch its <see cref="ChainReceipt.GasUsed"/> is
    /// the batch's gas divided by its size (the share of one request). Throws <see cref="ContractRevertedException"/>
    /// when the contract refuses this request.
    /// </summary>
    public Task<ChainReceipt> SendAsync(FulfilmentEntry fulfilment, CancellationToken cancellationToken)
    {
        var pending = new Pending(fulfilment, new TaskCompletionSource<ChainReceipt>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool lead;
        lock (_lock)
        {
            _queue.Add(pending);
            lead = !_draining;
            _draining = true;
        }

        // The first caller drains the queue (its own entry and whatever queued behind it) until it is empty.
        return lead ? DrainThenAwaitAsync(pending, cancellationToken) : pending.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task<ChainReceipt> DrainThenAwaitAsync(Pending own, CancellationToken cancellationToken)
    {
        while (true)
        {
            List<Pending> batch;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    break;
                }

                batch = _queue.GetRange(0, Math.Min(MaxBatch, _queue.Count));
                _queue.RemoveRange(0, batch.Count);
            }

            await SendBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return await own.Result.Task.ConfigureAwait(false);
    }

    private async Task SendBatchAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 1)
        {
            await SendOneAsync(batch[0], cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var receipt = await contract.RecordFulfilmentsAsync([.. batch.Select(p => p.Fulfilment)], cancellationToken).ConfigureAwait(false);
            var share = receipt with { GasUsed = receipt.GasUsed / batch.Count };
            foreach (var p in batch)
            {
                p.Result.TrySetResult(share);
            }
        }
        catch (ContractRevertedException)
        {
            foreach (var p in batch)
            {
                await SendOneAsync(p, cancellationToken).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Any other failure (chain unavailable, cancelled) is every caller's answer: each retries its own.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var p in batch)
            {
                p.Result.TrySetException(ex);
            }
        }
    }

    private async Task SendOneAsync(Pending pending, CancellationToken cancellationToken)
    {
        try
        {
            pending.Result.TrySetResult(await contract.RecordFulfilmentAsync(pending.Fulfilment.RequestId, pending.Fulfilment.DeliveryHash, cancellationToken).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Handed to the caller, who decides (a revert is a refusal, an outage a retry).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            pending.Result.TrySetException(ex);
        }
    }

    private sealed record Pending(FulfilmentEntry Fulfilment, TaskCompletionSource<ChainReceipt> Result);
}
