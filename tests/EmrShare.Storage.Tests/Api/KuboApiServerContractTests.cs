using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Kubo;
using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Api;

/// <summary>The Kubo RPC client adapter against this project's own Kubo-compatible server over an embedded store.</summary>
public sealed class KuboApiServerContractTests : BlobStoreContract
{
    private TempStore? _temp;
    private KuboApiServer? _server;
    private readonly HttpClient _http = new();

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        _temp = await TempStore.CreateAsync();
        _server = await KuboApiServer.StartAdminAsync(_temp.Store, 0, KuboAdminApiOptions.LoopbackOnly, Ct);
        return new KuboBlobStore(new KuboRpcClient(_http, _server.Address, TimeSpan.FromSeconds(1)));
    }

    public override async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_temp is not null)
        {
            await _temp.DisposeAsync();
        }
    }
}
