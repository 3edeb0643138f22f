using System.Globalization;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary><c>emrshare store serve</c> as a restartable child process: kill -9 it and start it again on the same database and address.</summary>
internal sealed class BlobStoreNode(string dataDirectory) : RestartableNode(dataDirectory)
{
    /// <summary>The Kubo-compatible API base a hospital's <c>KuboBlobStore</c> is pointed at.</summary>
    public Uri Url => LoopbackUrl;

    protected override ManagedProcess Launch() =>
        ManagedProcess.Start("dotnet",
            [EmrshareCli.Dll, "store", "serve", "--data", DataDirectory, "--port", Port.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string> { ["COLUMNS"] = "200" });

    /// <summary>Waits for the <c>ready:</c> line, which the store prints once it listens.</summary>
    protected override async Task WaitUntilServingAsync(ManagedProcess process, CancellationToken ct)
    {
        await process.WaitUntilAsync(_ => Task.FromResult(process.RecentOutput.Contains("ready:", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), ct);
        Assert.Contains("store: " + Url, process.RecentOutput, StringComparison.Ordinal);
    }
}
