using System.Globalization;
using System.Security.Claims;

namespace EmrShare.Web.Auth;

/// <summary>Reads the EmrShare claims of a signed-in staff member.</summary>
public static class StaffClaims
{
    /// <summary>The practitioner key index the account signs records with, or null (e.g. an admin without one).</summary>
    public static int? PractitionerIndex(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return int.TryParse(user.FindFirstValue(EmrClaims.PractitionerIndex), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }
}
