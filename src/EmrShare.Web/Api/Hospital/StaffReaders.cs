using System.Security.Claims;
using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Auth;

namespace EmrShare.Web.Api.Hospital;

/// <summary>Turns the signed-in staff member into the <see cref="RecordReadRequest"/> the hospital's read gate audits.</summary>
public static class StaffReaders
{
    /// <summary>
    /// The account name is the actor (what care assignments name); the role is clinician only for the clinician role
    /// (an admin never reads plaintext); the practitioner is the account's key, needed for break-glass.
    /// </summary>
    public static RecordReadRequest Of(ClaimsPrincipal user, IReadOnlyList<ChainAddress> practitioners, string route, ushort? breakGlassReason = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(practitioners);
        var actor = user.Identity?.Name;
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new Nodes.AccessDeniedException("a record is read only by a named staff account");
        }

        var role = user.IsInRole(Roles.Clinician) && !user.IsInRole(Roles.HospitalAdmin) ? StaffRole.Clinician : StaffRole.HospitalAdmin;
        ChainAddress? practitioner = StaffClaims.PractitionerIndex(user) is { } i && i >= 0 && i < practitioners.Count ? practitioners[i] : null;
        return new RecordReadRequest(actor, role, route, practitioner, breakGlassReason);
    }
}
