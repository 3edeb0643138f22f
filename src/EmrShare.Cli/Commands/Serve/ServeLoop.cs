using EmrShare.Cli.Commands.Shared;
using EmrShare.ServiceDefaults;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// The CLI's one "serve until SIGINT or SIGTERM" loop, for every <c>serve</c> command: listen for the signals, start
/// (everything started is kept in the <see cref="ServeResources"/>), print <c>ready:</c>, wait, close what was started
/// in reverse order, and only then print <c>stopped: clean shutdown</c> (scripts and tests wait for these lines).
/// </summary>
internal static class ServeLoop
{
    /// <param name="start">Starts the servers with the stop token; returns what the <c>ready</c> line says is served.</param>
    /// <param name="cancellationToken">Also stops serving, as a signal does.</param>
    public static async Task<int> RunAsync(Func<ServeResources, CancellationToken, Task<string>> start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var signal = ShutdownSignal.Listen(cancellationToken);
        await using (var resources = new ServeResources())
        {
            var serving = await start(resources, signal.Token).ConfigureAwait(false);
            Output.Field("ready", serving + " (Ctrl+C to stop)");
            await signal.WaitAsync().ConfigureAwait(false);
        }

        Output.Field("stopped", "clean shutdown");
        return ExitCodes.Ok;
    }
}
