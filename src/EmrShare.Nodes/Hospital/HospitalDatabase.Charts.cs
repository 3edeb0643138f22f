using Dapper;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Charts as staff see them: a chart opened for an emergency copy (issue 16 #9) holds records before its patient
/// has ever checked in here, so it has no row in <c>patients</c> yet.
/// </summary>
public sealed partial class HospitalDatabase
{
    /// <summary>Every version filed under one chart, oldest first.</summary>
    public async Task<IReadOnlyList<RecordRow>> ListChartRecordsAsync(string localPatientId, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<RecordRow>(new CommandDefinition(
            $"SELECT {RecordColumns} FROM records WHERE local_patient_id = @localPatientId ORDER BY created_at, record_id, version",
            new { localPatientId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Charts that hold records but whose patient never checked in here (emergency copies), with when the first was filed.</summary>
    public async Task<IReadOnlyList<EmergencyChartRow>> ListEmergencyChartsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<EmergencyChartRow>(new CommandDefinition(
            "SELECT local_patient_id AS LocalId, MIN(created_at) AS CreatedAt FROM records " +
            "WHERE local_patient_id NOT IN (SELECT local_id FROM patients) GROUP BY local_patient_id ORDER BY local_patient_id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }
}

/// <summary>A chart opened for an emergency copy: its local id and when its first record was filed.</summary>
public sealed record EmergencyChartRow
{
    public string LocalId { get; init; } = string.Empty;

    public long CreatedAt { get; init; }
}
