using EmrShare.Chain;
using EmrShare.Chain.Contracts;
using Microsoft.Extensions.Logging;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Follows the AccessControl contract's <c>AccessRequested</c> logs block by block from a cursor persisted in the
/// hospital database and hands each event to the hospital (<see cref="HospitalService.HandleAccessRequestAsync"/>).
/// The cursor moves only after every event up to it was handled, and handling is idempotent per request id, so a
/// restart neither misses an event nor fulfils one twice. Polls every <see cref="HospitalOptions.WatchInterval"/>
/// (on the hospital's <see cref="TimeProvider"/>), or at once when nudged by a grantee collecting.
/// </summary>
internal sealed partial class AccessRequestWatcher : IAsyncDisposable
{
    private const string CursorName = "access-requested";
    private const long MaxBlocksPerPoll = 2_000;
    private const int Parallelism = 8;
    private readonly HospitalService _hospital;
    private readonly Nethereum.Web3.IWeb3 _web3;
    private readonly string _contract;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _wakeLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Bytes32, long> _inFlight = new();
    private readonly List<Task> _running = [];
    private readonly List<AccessRequestedLog> _retry = [];
    private readonly SemaphoreSlim _slots = new(Parallelism);
    private TaskCompletionSource _wake = NewWake();
    private Task? _loop;
    private long _nextRead;

    public AccessRequestWatcher(HospitalService hospital, Nethereum.Web3.IWeb3 web3, string contract, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _hospital = hospital;
        _web3 = web3;
        _contract = contract;
        _interval = interval;
        _time = time;
        _logger = logger;
    }

    /// <summary>The persisted cursor: every event before this block has been handled (for tests and status pages).</summary>
    public long NextBlock { get; private set; }

    /// <summary>The last error of a poll (transient: the poll is retried from the same cursor), or null.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Loads (or, on a fresh database, initialises) the cursor and finishes fulfilments a previous run left half-sent.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = await _hospital.Database.GetCursorAsync(CursorName, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            // A new hospital has no patients yet: nothing before the current head can concern it. (A database from
            // before the watcher existed starts here too: earlier requests were answered by direct calls.)
            NextBlock = await AccessRequestLogReader.GetHeadAsync(_web3, cancellationToken).ConfigureAwait(false) + 1;
            await _hospital.Database.SetCursorAsync(CursorName, NextBlock, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            NextBlock = stored.Value;
        }

        _nextRead = NextBlock;

        await _hospital.ResumeStagedAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Poll now instead of at the next interval.</summary>
    public void Nudge()
    {
        lock (_wakeLock)
        {
            _wake.TrySetResult();
        }
    }

    /// <summary>
    /// One poll: reads the new events (at most <see cref="MaxBlocksPerPoll"/> blocks) and starts handling them
    /// without waiting, so a slow fulfilment (a transaction round trip) does not hold back the next poll; then
    /// persists the cursor as the lowest block that still has an unfinished event (or the next unread block).
    /// </summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var head = await AccessRequestLogReader.GetHeadAsync(_web3, cancellationToken).ConfigureAwait(false);
        var events = new List<AccessRequestedLog>();
        if (head >= _nextRead)
        {
            var to = Math.Min(head, _nextRead + MaxBlocksPerPoll - 1);
            events.AddRange(await AccessRequestLogReader.ReadAsync(_web3, _contract, _nextRead, to, cancellationToken).ConfigureAwait(false));
            _nextRead = to + 1;
        }

        lock (_retry)
        {
            events.AddRange(_retry);
            _retry.Clear();
        }

        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            foreach (var e in events)
            {
                if (_inFlight.TryAdd(e.RequestId, e.BlockNumber))
                {
                    _running.Add(Task.Run(() => HandleAsync(e, cancellationToken), CancellationToken.None));
                }
            }
        }

        var cursor = _inFlight.IsEmpty ? _nextRead : Math.Min(_nextRead, _inFlight.Values.Min());
        if (cursor != NextBlock)
        {
            await _hospital.Database.SetCursorAsync(CursorName, cursor, cancellationToken).ConfigureAwait(false);
            NextBlock = cursor;
        }

        return events.Count;
    }

    private async Task HandleAsync(AccessRequestedLog requested, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _hospital.HandleAccessRequestAsync(requested, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the event stays at or after the persisted cursor and is handled after the restart.
        }
#pragma warning disable CA1031 // A failed fulfilment attempt (chain or database unavailable) is retried at the next poll.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LastError = ex;
            LogHandleFailed(_logger, ex.GetType().Name);
            lock (_retry)
            {
                _retry.Add(requested);
            }
        }
        finally
        {
            _inFlight.TryRemove(requested.RequestId, out _);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake;
            lock (_wakeLock)
            {
                wake = _wake.Task;
            }

            try
            {
                // Break-glass fix 6: the quarantine purge needs no chain, so a chain that is down must not keep
                // expired ciphertext past its retention: it runs before the poll, whatever the poll does.
                await _hospital.PurgeQuarantineIfDueAsync(cancellationToken).ConfigureAwait(false);
                await PollOnceAsync(cancellationToken).ConfigureAwait(false);
                LastError = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed poll (chain or database unavailable) must not end the watcher: it retries from the same cursor.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LastError = ex;
                LogPollFailed(_logger, ex.GetType().Name);
            }

            try
            {
                // A nudge that arrived during the poll ends this wait at once, so its event is not left for a whole interval.
                await wake.WaitAsync(_interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The regular poll.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_wakeLock)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = NewWake();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stop.Dispose();
        _slots.Dispose();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "handling an access request failed ({ErrorType}); retrying at the next poll")]
    private static partial void LogHandleFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "access-request watcher poll failed ({ErrorType}); retrying from the same block")]
    private static partial void LogPollFailed(ILogger logger, string errorType);
}
