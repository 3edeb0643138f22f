using EmrShare.Nodes.Hospital;
using EmrShare.Web.Api.Hospital;

namespace EmrShare.Web.Services;

/// <summary>
/// The charts staff can open: patients who checked in here, and charts opened for an emergency copy (break-glass for a
/// record held elsewhere, issue 16 #9) whose patient has not checked in yet, marked <see cref="PatientSummary.EmergencyOnly"/>.
/// </summary>
internal static class ChartList
{
    public static async Task<IReadOnlyList<PatientSummary>> ListAsync(HospitalDatabase database, CancellationToken cancellationToken)
    {
        var seen = (await database.ListPatientsAsync(cancellationToken).ConfigureAwait(false)).Select(PatientSummary.Of);
        var emergency = (await database.ListEmergencyChartsAsync(cancellationToken).ConfigureAwait(false)).Select(PatientSummary.OfEmergencyChart);
        return [.. seen.Concat(emergency).OrderBy(p => p.LocalId, StringComparer.Ordinal)];
    }

    /// <summary>One chart by local id, or null when this hospital has neither a patient nor an emergency copy under it.</summary>
    public static async Task<PatientSummary?> FindAsync(HospitalDatabase database, string localId, CancellationToken cancellationToken)
    {
        if (await database.FindPatientAsync(localId, cancellationToken).ConfigureAwait(false) is { } row)
        {
            return PatientSummary.Of(row);
        }

        return (await database.ListEmergencyChartsAsync(cancellationToken).ConfigureAwait(false))
            .Where(c => c.LocalId == localId).Select(PatientSummary.OfEmergencyChart).FirstOrDefault();
    }
}
