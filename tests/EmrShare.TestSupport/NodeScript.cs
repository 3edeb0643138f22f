namespace EmrShare.TestSupport;

/// <summary>Runs a Node.js script of the repository to completion with the pinned Node 22 and returns what it printed.</summary>
public static class NodeScript
{
    /// <summary>
    /// Runs <paramref name="script"/> (a path below the repository root, so its imports resolve from the pinned
    /// node_modules) and returns its output lines; a non-zero exit or passing <paramref name="timeout"/> fails with
    /// the script's last output.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(RepoPaths.Root, script);
        await using var process = ManagedProcess.Start(RepoPaths.Node22, [path, .. arguments], workingDirectory: Path.GetDirectoryName(path), keepAllOutput: true);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var exitCode = await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return exitCode == 0
                ? process.Output
                : throw new InvalidOperationException($"{script} exited with {exitCode}:\n{process.RecentOutput}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{script} did not finish within {timeout}:\n{process.RecentOutput}");
        }
    }
}
