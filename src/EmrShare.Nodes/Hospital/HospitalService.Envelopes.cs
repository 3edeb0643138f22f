using EmrShare.Storage;
using EmrShare.Storage.Embedded;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>
    /// Stores an envelope (the first write of a create, amend or import) and returns its CID. A full or read-only
    /// data folder is a node-level refusal: nothing was written, and the node stays up for reads.
    /// </summary>
    private async Task<string> PutEnvelopeAsync(byte[] envelope, CancellationToken cancellationToken)
    {
        try
        {
            return (await _store.PutAsync(new MemoryStream(envelope), PutOptions.Default, cancellationToken).ConfigureAwait(false)).ToString();
        }
        catch (BlobStoreUnavailableException ex)
        {
            throw new StorageUnavailableException("the hospital's blob store refuses writes (disk full or read-only); nothing was changed", ex);
        }
    }
}
