using EmrShare.Chain;
using EmrShare.Core;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// The one gate for decrypting a record held here: API, dashboard and command line all read through it, and the
/// plaintext primitive behind it is internal, so no path can skip it. For each read it
/// <list type="number">
/// <item>refuses <see cref="StaffRole.HospitalAdmin"/> (admins administer, they never see plaintext);</item>
/// <item>requires need-to-know: the patient checked in here within <see cref="HospitalOptions.CareWindow"/>, or an
/// admin assigned this actor to the patient — otherwise only break-glass (logged on chain by the practitioner) opens it;</item>
/// <item>for a record received from another hospital, emits <c>recordAccess(pseudonym, record, read)</c> on chain so the
/// patient's wallet sees who read it (the custodian's own reads of its records stay local);</item>
/// <item>writes the read-audit row before the plaintext is returned; refused attempts are audited too. A database that
/// cannot take the row refuses the read.</item>
/// </list>
/// </summary>
public sealed class RecordReader
{
    private readonly HospitalService _hospital;
    private readonly TimeSpan _careWindow;
    private readonly TimeProvider _time;

    internal RecordReader(HospitalService hospital, TimeSpan careWindow, TimeProvider time)
    {
        _hospital = hospital;
        _careWindow = careWindow;
        _time = time;
    }

    public async Task<RecordRead> ReadAsync(RecordId recordId, RecordReadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Actor);
        var db = _hospital.Database;
        var row = await db.FindLatestRecordAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such record here");
        if (row.WrappedKeySelf.Length == 0)
        {
            throw new RecordErasedException("this record was erased (its keys were destroyed)");
        }

        if (request.Role != StaffRole.Clinician)
        {
            await RefuseAsync(row, request, cancellationToken).ConfigureAwait(false);
            throw new AccessDeniedException("hospital administrators do not read record content");
        }

        if (request.BreakGlassReason is { } reason)
        {
            var practitioner = request.Practitioner ?? throw new AccessDeniedException("break-glass needs the reader's practitioner key");
            if (row.Origin != "local")
            {
                // A copy received from its custodian (an emergency copy, typically): the chain logs our reads of it with
                // recordAccess, under our hospital (breakGlass is for custodians); the reason stays in our read audit.
                return await ReadReceivedUnderBreakGlassAsync(row, request, practitioner, reason, cancellationToken).ConfigureAwait(false);
            }

            var emergency = await _hospital.BreakGlassReadAsync(recordId, practitioner, reason, cancellationToken).ConfigureAwait(false);
            await AuditAsync(row, request, "break-glass", emergency.Logged.TransactionHash, cancellationToken).ConfigureAwait(false);
            return new RecordRead(emergency.Record, "break-glass", emergency.Logged);
        }

        var basis = await CareBasisAsync(row, request.Actor, cancellationToken).ConfigureAwait(false);
        if (basis is null)
        {
            await RefuseAsync(row, request, cancellationToken).ConfigureAwait(false);
            throw new AccessDeniedException("no care relationship with this patient (no recent check-in here, no assignment): use break-glass with a reason");
        }

        ChainReceipt? logged = null;
        if (row.Origin != "local")
        {
            logged = await _hospital.LogReceivedRecordReadAsync(row, cancellationToken).ConfigureAwait(false);
        }

        await AuditAsync(row, request, basis, logged?.TransactionHash, cancellationToken).ConfigureAwait(false);
        return new RecordRead(await _hospital.ReadRecordAsync(recordId, cancellationToken).ConfigureAwait(false), basis, logged);
    }

    private async Task<RecordRead> ReadReceivedUnderBreakGlassAsync(RecordRow row, RecordReadRequest request, ChainAddress practitioner, ushort reason, CancellationToken cancellationToken)
    {
        if (reason is 0 or > EmergencyRequest.MaxReasonCode)
        {
            await RefuseAsync(row, request, cancellationToken).ConfigureAwait(false);
            throw new AccessDeniedException("a break-glass reason is 1 (unconscious patient), 2 (life-threatening emergency) or 3 (other)");
        }

        // For a record we hold, the contract's breakGlass checks the practitioner; for a received copy nothing on
        // chain does, so the same check is made here: a practitioner key registered and active at this hospital.
        if (!await IsActivePractitionerHereAsync(practitioner, cancellationToken).ConfigureAwait(false))
        {
            await RefuseAsync(row, request, cancellationToken).ConfigureAwait(false);
            throw new AccessDeniedException("break-glass needs the reader's practitioner key registered and active at this hospital");
        }

        var logged = await _hospital.LogReceivedRecordReadAsync(row, cancellationToken).ConfigureAwait(false);
        await AuditAsync(row, request, "break-glass", logged.TransactionHash, cancellationToken).ConfigureAwait(false);
        return new RecordRead(await _hospital.ReadRecordAsync(RecordId.Parse(row.RecordId), cancellationToken).ConfigureAwait(false), "break-glass", logged);
    }

    private async Task<bool> IsActivePractitionerHereAsync(ChainAddress practitioner, CancellationToken cancellationToken)
    {
        try
        {
            var registered = await _hospital.Chain.Registry.GetPractitionerAsync(practitioner.ToString(), cancellationToken).ConfigureAwait(false);
            return registered.Active && ChainAddress.Parse(registered.Hospital) == _hospital.Address;
        }
        catch (ContractRevertedException)
        {
            return false; // practitionerOf reverts for an address that was never registered
        }
    }

    /// <summary>"assignment", "check-in" or null (no need-to-know).</summary>
    private async Task<string?> CareBasisAsync(RecordRow row, string actor, CancellationToken cancellationToken)
    {
        var db = _hospital.Database;
        if (await db.IsAssignedAsync(actor, row.LocalPatientId, cancellationToken).ConfigureAwait(false))
        {
            return "assignment";
        }

        var patient = await db.FindPatientAsync(row.LocalPatientId, cancellationToken).ConfigureAwait(false);
        if (patient is null)
        {
            return null;
        }

        var lastCheckIn = await db.LastCheckInAsync(patient.Pseudonym, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        return lastCheckIn is { } at && now - DateTimeOffset.FromUnixTimeSeconds(at) <= _careWindow ? "check-in" : null;
    }

    private Task RefuseAsync(RecordRow row, RecordReadRequest request, CancellationToken cancellationToken) =>
        AuditAsync(row, request, "refused", null, cancellationToken);

    private Task AuditAsync(RecordRow row, RecordReadRequest request, string basis, string? txHash, CancellationToken cancellationToken) =>
        _hospital.Database.AddReadAsync(new ReadAuditRow
        {
            At = _time.GetUtcNow().ToUnixTimeSeconds(),
            Actor = request.Actor,
            Role = request.RoleName,
            RecordId = row.RecordId,
            Version = row.Version,
            LocalPatientId = row.LocalPatientId,
            Route = request.Route,
            Basis = basis,
            Reason = request.BreakGlassReason?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TransactionHash = txHash,
        }, cancellationToken);
}
