using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Interop;

/// <summary>The Kubo RPC client adapter against the real js-ipfs daemon.</summary>
[Collection(JsIpfsCollection.Name)]
public sealed class JsIpfsStoreContractTests(JsIpfsFixture ipfs) : BlobStoreContract
{
    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(ipfs.Store);
}
