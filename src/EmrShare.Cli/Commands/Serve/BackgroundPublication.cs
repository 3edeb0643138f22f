namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// Work a host keeps doing after it says it is ready (a hospital's directory publication while it waits for its
/// registration): started with the host's stop token, cancelled and awaited when the host closes.
/// </summary>
internal sealed class BackgroundPublication : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _work;

    private BackgroundPublication(CancellationTokenSource stop, Task work) => (_stop, _work) = (stop, work);

    public static BackgroundPublication Start(Func<CancellationToken, Task> work, CancellationToken hostStop)
    {
        ArgumentNullException.ThrowIfNull(work);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(hostStop);
        return new BackgroundPublication(stop, Task.Run(() => work(stop.Token), stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped with the host
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
