using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Embedded;

public sealed class EmbeddedStoreContractTests : BlobStoreContract
{
    private TempStore? _temp;

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        _temp = await TempStore.CreateAsync();
        return _temp.Store;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_temp is not null)
        {
            await _temp.DisposeAsync();
        }
    }
}
