using System.Security.Claims;
using EmrShare.Web.Api.Hospital;

namespace EmrShare.Web.Services;

public sealed partial class HospitalDesk
{
    /// <summary>
    /// Emergency charts that may be this patient's but differ in something (issue 16): never merged at check-in
    /// without the clerk. Field names only, never values.
    /// </summary>
    public async Task<IReadOnlyList<EmergencyChartQuestion>> ListEmergencyChartQuestionsAsync(string localId, CancellationToken cancellationToken) =>
        [.. (await Hospital.ListEmergencyChartQuestionsAsync(localId, cancellationToken).ConfigureAwait(false))
            .Select(m => new EmergencyChartQuestion(m.EmergencyChart, m.Agreeing, m.Mismatches))];

    /// <summary>The clerk merges an emergency chart into the patient's chart; a reason is required when fields differ (409 otherwise).</summary>
    public async Task<EmergencyChartMerged> MergeEmergencyChartAsync(string localId, string emergencyChart, EmergencyChartMergeBody body, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(user);
        var moved = await Hospital.MergeEmergencyChartAsync(emergencyChart, localId, user.Identity?.Name ?? "staff", Override(body.OverrideReason), cancellationToken).ConfigureAwait(false);
        return new EmergencyChartMerged(emergencyChart, localId, moved);
    }
}
