using EmrShare.Nodes.Patient;

namespace EmrShare.Web.Api.Patient;

/// <summary>One medical-index entry as the wallet page and API show it (no key material).</summary>
public sealed record IndexEntrySummary(string Custodian, string RecordId, uint Version, string ContentType, string Cid)
{
    public static IndexEntrySummary Of(IndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new IndexEntrySummary(entry.Custodian.ToString(), entry.RecordId.ToString(), entry.Version, entry.ContentType, entry.Cid);
    }
}
