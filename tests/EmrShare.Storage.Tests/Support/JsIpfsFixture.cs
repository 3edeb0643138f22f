using EmrShare.Storage.Kubo;
using EmrShare.TestSupport;

[assembly: AssemblyFixture(typeof(EmrShare.Storage.Tests.Support.JsIpfsFixture))]

namespace EmrShare.Storage.Tests.Support;

/// <summary>One js-ipfs daemon for the whole test assembly (it takes a few seconds to start).</summary>
public sealed class JsIpfsFixture : IAsyncLifetime
{
    private JsIpfsNode? _node;

    public JsIpfsNode Node => _node ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(3) };

    public KuboRpcClient Client { get; private set; } = null!;

    /// <summary>A store over the daemon; unknown blocks answer "not found" after a 1 s search (it has no peers).</summary>
    public KuboBlobStore Store { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _node = await JsIpfsNode.StartAsync(CancellationToken.None);
        Client = new KuboRpcClient(Http, _node.ApiAddress, TimeSpan.FromSeconds(1));
        Store = new KuboBlobStore(Client);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
