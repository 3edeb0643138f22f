using System.Security.Claims;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Services;

/// <summary>One hospital or practitioner in the Registry: its display name, status, and for a practitioner the hospital it works for.</summary>
public sealed record RegistryEntryView(string Address, string Kind, string? Name, bool Active, string? Hospital, string? HospitalName, long RegisteredInBlock);

/// <summary>
/// The Registry as the Center's dashboard lists it (issue 16 #14): every hospital and practitioner registered on
/// chain (from the Registry's events), with its current status read from the contract and its display name, and
/// deactivation through <see cref="Nodes.Center.CenterService"/> (the same operation as <c>center deactivate-hospital</c>).
/// Each deactivation is written to the Center's account audit log with the signed-in administrator's name.
/// </summary>
public sealed class CenterRegistry(CenterActor actor, ChainExplorer explorer, TimeProvider time)
{
    public async Task<IReadOnlyList<RegistryEntryView>> ListAsync(CancellationToken cancellationToken)
    {
        var registry = actor.Center.Chain.Registry;
        var entries = new List<RegistryEntryView>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in await explorer.RegistrationsAsync(cancellationToken).ConfigureAwait(false))
        {
            var address = e.Arguments.FirstOrDefault(a => a.Name == (e.Name == "HospitalRegistered" ? "hospital" : "practitioner"))?.Value;
            if (address is null || !seen.Add(address))
            {
                continue;
            }

            if (e.Name == "HospitalRegistered")
            {
                var info = await registry.GetHospitalAsync(address, cancellationToken).ConfigureAwait(false);
                entries.Add(new RegistryEntryView(address, AddressRoles.Hospital, actor.Names.Of(address), info.Active, null, null, e.BlockNumber));
            }
            else
            {
                var info = await registry.GetPractitionerAsync(address, cancellationToken).ConfigureAwait(false);
                var hospital = info.Hospital.ToLowerInvariant();
                entries.Add(new RegistryEntryView(address, AddressRoles.Practitioner, actor.Names.Of(address), info.Active, hospital, actor.Names.Of(hospital), e.BlockNumber));
            }
        }

        return entries;
    }

    /// <summary>Deactivates a hospital on chain and audits it under <paramref name="admin"/>'s name.</summary>
    public async Task<TransactionResult> DeactivateHospitalAsync(string address, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        var hospital = Parse(address);
        var receipt = await actor.Center.DeactivateHospitalAsync(hospital, cancellationToken).ConfigureAwait(false);
        await AuditAsync(admin, "deactivate-hospital", hospital.Lower, receipt.TransactionHash, cancellationToken).ConfigureAwait(false);
        return TransactionResult.Of(receipt);
    }

    /// <summary>Deactivates a practitioner on chain and audits it under <paramref name="admin"/>'s name.</summary>
    public async Task<TransactionResult> DeactivatePractitionerAsync(string address, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        var practitioner = Parse(address);
        var receipt = await actor.Center.DeactivatePractitionerAsync(practitioner, cancellationToken).ConfigureAwait(false);
        await AuditAsync(admin, "deactivate-practitioner", practitioner.Lower, receipt.TransactionHash, cancellationToken).ConfigureAwait(false);
        return TransactionResult.Of(receipt);
    }

    private static Core.ChainAddress Parse(string address)
    {
        var input = new InputValidator();
        var parsed = input.Address("address", address);
        input.ThrowIfInvalid();
        return parsed;
    }

    private Task AuditAsync(ClaimsPrincipal admin, string action, string subject, string transaction, CancellationToken cancellationToken) =>
        actor.Accounts.RecordAdminActionAsync(admin?.Identity?.Name ?? "unknown", action, subject, "tx " + transaction, time.GetUtcNow(), cancellationToken);
}
