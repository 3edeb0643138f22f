using EmrShare.Nodes.Hospital;

namespace EmrShare.Web.Api.Hospital;

/// <summary>One record version as listed to staff: metadata, never content.</summary>
public sealed record RecordSummary(string RecordId, long Version, string LocalPatientId, string ContentType, string Origin, string Custodian, DateTimeOffset CreatedAt)
{
    public static RecordSummary Of(RecordRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new RecordSummary(row.RecordId, row.Version, row.LocalPatientId, row.ContentType, row.Origin, row.Custodian, DateTimeOffset.FromUnixTimeSeconds(row.CreatedAt));
    }
}
