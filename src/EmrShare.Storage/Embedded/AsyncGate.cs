namespace EmrShare.Storage.Embedded;

/// <summary>
/// Shared/exclusive async gate: puts hold it shared (many at once); garbage collection holds it exclusively,
/// so it never sweeps the not-yet-pinned blocks of a put in flight.
/// </summary>
internal sealed class AsyncGate
{
    private readonly SemaphoreSlim _entry = new(1, 1);
    private readonly object _lock = new();
    private int _shared;
    private TaskCompletionSource _drained = NewDrained();

    public async Task<IDisposable> EnterSharedAsync(CancellationToken cancellationToken)
    {
        await _entry.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_lock)
            {
                if (_shared++ == 0)
                {
                    _drained = NewDrained();
                }
            }
        }
        finally
        {
            _entry.Release();
        }

        return new Releaser(ExitShared);
    }

    public async Task<IDisposable> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        // Holding _entry stops new shared holders; then wait for the current ones to leave.
        await _entry.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Task drained;
            lock (_lock)
            {
                drained = _shared == 0 ? Task.CompletedTask : _drained.Task;
            }

            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _entry.Release();
            throw;
        }

        return new Releaser(() => _entry.Release());
    }

    private static TaskCompletionSource NewDrained() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void ExitShared()
    {
        lock (_lock)
        {
            if (--_shared == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
