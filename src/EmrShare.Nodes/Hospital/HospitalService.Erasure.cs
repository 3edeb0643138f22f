using EmrShare.Core;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>
    /// Erasure by crypto-shredding: every copy of the record's data keys held here is deleted and its envelopes
    /// are unpinned and garbage-collected. The chain keeps only salted commitments, which still verify for every
    /// other record and reveal nothing about this one. Copies at grantees and in the wallet are theirs to erase.
    /// </summary>
    public async Task EraseRecordAsync(RecordId recordId, CancellationToken cancellationToken)
    {
        var cids = await Database.ShredKeysAsync(recordId.ToString(), NewAudit("erase", recordId.ToString(), null, null), cancellationToken).ConfigureAwait(false);
        if (cids.Count == 0)
        {
            throw new UnknownEntityException("no such record here");
        }

        if (!_ownsStore)
        {
            // A shared store: unpinning could drop another hospital's pin on the same CID; the ciphertext is
            // unreadable here once the keys are gone, which is what erasure guarantees.
            return;
        }

        foreach (var cid in cids.Distinct(StringComparer.Ordinal))
        {
            await _store.UnpinAsync(Cid.Parse(cid), cancellationToken).ConfigureAwait(false);
        }

        await _store.CollectGarbageAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void EnsureNotErased(RecordRow row)
    {
        if (row.WrappedKeySelf.Length == 0)
        {
            throw new RecordErasedException("this record was erased (its keys were destroyed)");
        }
    }
}
