using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalDatabase
{
    /// <summary>
    /// Moves an emergency chart into a patient's chart (HospitalService.EmergencyChartMerge.cs): its records and any
    /// quarantined copies move, its sealed demographics row goes (sealed under its own id, the service re-seals them
    /// under the patient's chart first when that has none), and the audit line is written, all in one transaction.
    /// Returns how many record versions moved.
    /// </summary>
    public async Task<int> MergeChartAsync(string emergencyChart, string localPatientId, AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var args = new { emergencyChart, localPatientId };
            var moved = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE records SET local_patient_id = @localPatientId WHERE local_patient_id = @emergencyChart", args, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE emergency_quarantine SET local_patient_id = @localPatientId WHERE local_patient_id = @emergencyChart", args, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM patient_demographics WHERE local_id = @emergencyChart", args, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return moved;
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }
}
