using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Re-requesting a version already held here is idempotent and cheap: answered from the stored copy with view
/// calls only (no <c>requestAccess</c> transaction), and a concurrent delivery of the same version that lands
/// second is accepted when it is identical to the stored row.
/// </summary>
public sealed partial class HospitalService
{
    private const int SqliteConstraint = 19;

    /// <summary>
    /// The stored copy, when this hospital already holds the custodian's newest anchored version and the grant
    /// still gives access (so a revoked or expired grant is still refused, by the normal request path). Null
    /// otherwise — nothing held, a newer version is anchored, the grant no longer applies, or the copy was erased.
    /// </summary>
    private async Task<RecordReceived?> HeldNewestAsync(Hash32 grantId, RecordId recordId, CancellationToken cancellationToken)
    {
        var grant = await Database.FindGrantAsync(grantId.ToString(), cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return null;
        }

        var held = (await Database.ListVersionsAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false))
            .Where(r => string.Equals(r.Custodian, grant.Custodian, StringComparison.Ordinal) && r.WrappedKeySelf.Length > 0)
            .MaxBy(r => r.Version);
        if (held is null)
        {
            return null;
        }

        var next = await Chain.Records.GetCommitmentAsync(grant.Custodian, recordId.ToBytes32(), checked((uint)held.Version + 1), cancellationToken).ConfigureAwait(false);
        if (!next.IsZero)
        {
            return null;
        }

        var records = NodeJson.FromUtf8<List<RecordId>>(System.Text.Encoding.UTF8.GetBytes(grant.RecordsJson));
        var grantRef = new GrantRef(Address.ToString(), grantId.ToBytes32(), Hash32.Parse(grant.Scope).ToBytes32());
        var proof = ProofFor(records, recordId);
        if (!await Chain.AccessControl.HasAccessAsync(grantRef, recordId.ToBytes32(), [.. proof.Select(p => p.ToBytes32())], cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new RecordReceived(recordId, (uint)held.Version, ChainAddress.Parse(grant.Custodian), held.Cid, RecordReceived.NoTransaction, string.Empty, 0) { AlreadyHeld = true };
    }

    /// <summary>
    /// Stores a verified received version; if that version is already here (a concurrent request won the race),
    /// an identical row (same CID and commitment) counts as success, anything else is refused with a typed error.
    /// </summary>
    private async Task<bool> InsertReceivedAsync(RecordRow row, AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await Database.InsertRecordAsync(row, audit, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            var existing = (await Database.ListVersionsAsync(row.RecordId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(r => r.Version == row.Version);
            if (existing is null)
            {
                throw;
            }

            if (existing.WrappedKeySelf.Length == 0)
            {
                throw new RecordErasedException("this version was erased here; it is not stored again", ex);
            }

            if (existing.Cid != row.Cid || existing.Commitment != row.Commitment || !string.Equals(existing.Custodian, row.Custodian, StringComparison.Ordinal))
            {
                throw new RecordVerificationException($"a different version {row.Version} of this record is already stored here", ex);
            }

            return false;
        }
    }
}
