namespace EmrShare.Nodes.Discovery;

/// <summary>
/// A hospital host's background directory publication (while it waits for its registration): runs
/// <c>publish</c> until it succeeds. A refusal of the update (<see cref="DirectoryUpdateRefusedException"/>) ends it,
/// as an operator must act. Any other failure (a badly signed Center directory, storage or chain down, a malformed
/// answer) is said at once as a <c>directory:</c> line (type and message; these carry no PHI), shown by
/// <see cref="DirectoryPublicationStatus"/> (the <c>/readyz</c> check <c>directory</c>), and retried after
/// <c>backoff</c>'s growing delays: it never ends the publication silently.
/// </summary>
public static class DirectoryPublicationLoop
{
    public const string Refused = "the Center refused this hospital's endpoint";

    public static async Task RunAsync(Func<CancellationToken, Task<EndpointPublication>> publish, DirectoryPublicationStatus status, Action<string> print, TimeProvider time, RetryBackoff backoff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(print);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(backoff);
        var delay = backoff.First;
        while (true)
        {
            try
            {
                var publication = await publish(cancellationToken).ConfigureAwait(false);
                status.Published();
                print(publication.Changed ? $"published {publication.Entry.Endpoint} at the Center" : "unchanged at the Center");
                return;
            }
            catch (DirectoryUpdateRefusedException ex)
            {
                status.Waiting(Refused);
                print(ex.Message);
                return;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                status.Waiting($"directory publication failed ({ex.GetType().Name}); retrying");
                print($"publication failed: {ex.GetType().Name}: {ex.Message}; retrying in {delay.TotalSeconds:0.###} s");
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = backoff.Next(delay);
        }
    }
}
