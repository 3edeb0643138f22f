using System.Globalization;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Patient;

namespace EmrShare.Web.Components.Pages.Patient;

/// <summary>
/// The access log told from the patient's side (issue 16 #12): "Hospital B read your lab report (granted by you on
/// 3 Dec 2026)". Hospitals by name, records by title, and each request or delivery tied to the grant that allowed it.
/// </summary>
internal sealed class AccessStory(
    IReadOnlyList<AccessLogItem> log,
    IReadOnlyList<PatientGrant> grants,
    IReadOnlyDictionary<string, string> titles,
    Func<string?, string> nameOf)
{
    /// <summary>The sentence for one log item.</summary>
    public string Tell(AccessLogItem e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var grant = grants.FirstOrDefault(g => string.Equals(g.GrantId, e.GrantId, StringComparison.OrdinalIgnoreCase));
        var grantee = grant is null ? "a hospital" : nameOf(grant.Grantee);
        return e.Kind switch
        {
            "GrantCreated" => $"You gave {nameOf(e.Counterparty)} access to {GrantedRecords(grant)}{Until(grant)}.",
            "GrantRevoked" => $"You revoked {grantee}'s access. It keeps what it already received.",
            "AccessRequested" => $"{nameOf(e.Counterparty)} asked {nameOf(e.Hospital)} for {Record(e.RecordId)}{GrantedOn(e.GrantId)}.",
            "AccessFulfilled" when EmergencyOf(e) is { } emergency =>
                $"{nameOf(e.Counterparty)} sent {Record(emergency.RecordId)} to {nameOf(emergency.Counterparty)} for an emergency, without your grant.",
            "AccessFulfilled" => $"{nameOf(e.Counterparty)} sent {GrantedRecords(grant)} to {grantee}{GrantedOn(e.GrantId)}.",
            "BreakGlassAccessed" when !SameHospital(e.Counterparty, e.Hospital) =>
                $"{nameOf(e.Counterparty)} opened {Record(e.RecordId)}, held at {nameOf(e.Hospital)}, in an emergency, without your grant.",
            "BreakGlassAccessed" => $"{nameOf(e.Counterparty)} opened {Record(e.RecordId)} in an emergency, without your grant.",
            "AccessRecorded" => $"{nameOf(e.Counterparty)} read {Record(e.RecordId)}.",
            _ => $"{e.Kind} at {nameOf(e.Hospital)}.",
        };
    }

    /// <summary>
    /// The break-glass entry logged in the same transaction as a delivery without a grant: the custodian served another
    /// hospital's emergency request, and that entry names the hospital that broke the glass.
    /// </summary>
    private AccessLogItem? EmergencyOf(AccessLogItem delivery) =>
        IsGrantless(delivery.GrantId)
            ? log.FirstOrDefault(l => l.Kind == "BreakGlassAccessed" && string.Equals(l.TransactionHash, delivery.TransactionHash, StringComparison.OrdinalIgnoreCase))
            : null;

    private static bool IsGrantless(string? grantId) => grantId is null || grantId.TrimStart('0', 'x').Length == 0;

    private static bool SameHospital(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A record's title for the patient: "your record “Type 2 diabetes mellitus”".</summary>
    public static string TitleOf(ClinicalSummaryView summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Lines.Where(l => l.Category == "Report").Select(l => l.Display ?? l.Text).FirstOrDefault(t => t is not null)
            ?? summary.Diagnoses.FirstOrDefault()
            ?? summary.Lines.Select(l => l.Display ?? l.Text).FirstOrDefault(t => t is not null)
            ?? summary.RootType;
    }

    /// <summary>"3 Dec 2026".</summary>
    public static string Day(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private string Record(string? recordId) =>
        recordId is not null && titles.TryGetValue(recordId, out var title) ? $"your record “{title}”" : "one of your records";

    private string GrantedRecords(PatientGrant? grant) => grant switch
    {
        null => "your records",
        { RecordIds.Count: 0 } => $"everything {nameOf(grant.Custodian)} holds about you",
        { RecordIds.Count: 1 } => Record(grant.RecordIds[0]),
        _ => string.Join(", ", grant.RecordIds.Select(Record)),
    };

    private static string Until(PatientGrant? grant) => grant is null ? string.Empty : $" until {Day(grant.Expiry)}";

    private string GrantedOn(string? grantId) =>
        log.FirstOrDefault(l => l.Kind == "GrantCreated" && string.Equals(l.GrantId, grantId, StringComparison.OrdinalIgnoreCase)) is { } created
            ? $" (granted by you on {Day(created.At)})"
            : string.Empty;
}
