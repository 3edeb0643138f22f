using System.Runtime.InteropServices;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// The one "serve until SIGINT or SIGTERM" loop: Ctrl+C and SIGTERM (service managers, <c>kill</c>, <c>timeout</c>)
/// both cancel <see cref="Token"/> instead of killing the process, so the caller's <c>await using</c> chain closes
/// servers, sealers and databases in order.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    private ShutdownSignal(CancellationToken outer)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Cancelled on SIGINT, SIGTERM or when the outer token is.</summary>
    public CancellationToken Token => _stop.Token;

    public static ShutdownSignal Listen(CancellationToken cancellationToken) => new(cancellationToken);

    /// <summary>Waits until a signal (or the outer token) asks to stop; never throws for that.</summary>
    public async Task WaitAsync()
    {
        try
        {
            await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // asked to stop: the caller disposes what it started
        }
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
