using System.Text.Json;
using EmrShare.Core;
using EmrShare.Nodes.Discovery;

namespace EmrShare.Nodes.Tests.Discovery;

/// <summary>
/// A hospital host's background directory publication: a failure other than a refusal (a badly signed Center
/// directory, storage down, a malformed answer) is said as a <c>directory:</c> line, shown by <c>/readyz</c> and retried;
/// it never ends the publication silently with the host "waiting for registration" forever.
/// </summary>
public sealed class DirectoryPublicationLoopTests
{
    private static readonly RetryBackoff Quick = new(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));

    [Fact]
    public async Task RunAsync_PublisherThrowsThenSucceeds_SaysEachFailureShowsItAndRetries()
    {
        var status = new DirectoryPublicationStatus();
        var lines = new List<string>();
        var seenByReadiness = new List<string?>();
        var failures = new Queue<Exception>([new PeerIdentityException("the Center's directory signature does not verify"), new JsonException("bad entry")]);
        var attempts = 0;
        Task<EndpointPublication> Publish(CancellationToken _)
        {
            attempts++;
            seenByReadiness.Add(status.Problem);
            return failures.TryDequeue(out var failure)
                ? Task.FromException<EndpointPublication>(failure)
                : Task.FromResult(new EndpointPublication(new DirectoryEntry(ChainAddress.Zero, "https://a.example.test/", default, 1, 1), Changed: true, null));
        }

        await DirectoryPublicationLoop.RunAsync(Publish, status, lines.Add, TimeProvider.System, Quick, TestContext.Current.CancellationToken);

        Assert.Equal(3, attempts);
        Assert.Contains(lines, l => l.Contains(nameof(PeerIdentityException), StringComparison.Ordinal) && l.Contains("does not verify", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(nameof(JsonException), StringComparison.Ordinal));
        Assert.Contains(nameof(PeerIdentityException), seenByReadiness[1], StringComparison.Ordinal);
        Assert.Contains(nameof(JsonException), seenByReadiness[2], StringComparison.Ordinal);
        Assert.Null(status.Problem);
        Assert.Equal("published https://a.example.test/ at the Center", lines[^1]);
    }

    [Fact]
    public async Task RunAsync_Refused_StopsAndSaysRefused()
    {
        var status = new DirectoryPublicationStatus();
        var lines = new List<string>();
        var attempts = 0;
        Task<EndpointPublication> Publish(CancellationToken _)
        {
            attempts++;
            return Task.FromException<EndpointPublication>(new DirectoryUpdateRefusedException("the Center refused this hospital's endpoint update (403): unregistered"));
        }

        await DirectoryPublicationLoop.RunAsync(Publish, status, lines.Add, TimeProvider.System, Quick, TestContext.Current.CancellationToken);

        Assert.Equal(1, attempts);
        Assert.Equal(DirectoryPublicationLoop.Refused, status.Problem);
        Assert.Equal(["the Center refused this hospital's endpoint update (403): unregistered"], lines);
    }

    [Fact]
    public async Task RunAsync_HostStops_EndsCancelled()
    {
        using var stop = new CancellationTokenSource();
        Task<EndpointPublication> Publish(CancellationToken ct)
        {
            stop.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.FromException<EndpointPublication>(new InvalidOperationException("unreachable"));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DirectoryPublicationLoop.RunAsync(Publish, new DirectoryPublicationStatus(), _ => { }, TimeProvider.System, Quick, stop.Token));
    }
}
