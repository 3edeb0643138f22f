using Dapper;

namespace EmrShare.Nodes.Hospital;

/// <summary>Read-only listings the hospital's staff dashboard and REST API need (patients, grants held).</summary>
public sealed partial class HospitalDatabase
{
    public async Task<IReadOnlyList<PatientRow>> ListPatientsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<PatientRow>(new CommandDefinition(
            "SELECT local_id AS LocalId, pseudonym AS Pseudonym, public_key AS PublicKey, created_at AS CreatedAt FROM patients ORDER BY local_id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Every grant this hospital holds as grantee, oldest first.</summary>
    public async Task<IReadOnlyList<GrantRow>> ListGrantsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<GrantRow>(new CommandDefinition(
            "SELECT grant_id AS GrantId, scope AS Scope, custodian AS Custodian, patient AS Patient, local_patient_id AS LocalPatientId, " +
            "records_json AS RecordsJson, tx_hash AS TransactionHash, created_at AS CreatedAt FROM grants ORDER BY created_at, grant_id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Every version of one record held here, oldest first (empty if none).</summary>
    public async Task<IReadOnlyList<RecordRow>> ListVersionsAsync(string recordId, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<RecordRow>(new CommandDefinition(
            $"SELECT {RecordColumns} FROM records WHERE record_id = @recordId ORDER BY version", new { recordId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Every blob CID a row refers to: record versions, and any CID named in a staged or sent delivery.</summary>
    public async Task<IReadOnlySet<string>> ListReferencedCidsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var cids = (await c.QueryAsync<string>(new CommandDefinition("SELECT DISTINCT cid FROM records", cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        var deliveries = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT delivery_json FROM fulfilments WHERE delivery_json IS NOT NULL", cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var json in deliveries)
        {
            // Kept as opaque text: any quoted token is treated as a possible CID, so a delivery never loses its blob.
            foreach (var token in json.Split('"'))
            {
                cids.Add(token);
            }
        }

        return cids;
    }
}
