using System.Net;
using EmrShare.Storage;
using EmrShare.Storage.Embedded;
using EmrShare.Storage.Kubo;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>
    /// Stores an envelope (the first write of a create, amend or import) and returns its CID. A full or read-only
    /// data folder, or an external store (<c>--ipfs</c>) that is down, hung or failing, is a node-level refusal:
    /// nothing was anchored or recorded, and the node stays up for everything that does not need the store.
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
        catch (BlobStoreUnreachableException ex)
        {
            // The envelope may have reached the node before it died: an unreferenced, unreadable orphan at worst.
            throw new StorageUnavailableException("the hospital's blob store is unreachable: " + ex.Message + "; nothing was anchored or recorded", ex);
        }
        catch (KuboApiException ex) when (ex.Status >= HttpStatusCode.InternalServerError)
        {
            throw new StorageUnavailableException("the hospital's blob store failed the write; nothing was anchored or recorded", ex);
        }
    }
}
