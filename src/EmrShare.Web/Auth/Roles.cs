namespace EmrShare.Web.Auth;

/// <summary>Role names carried in the sign-in cookie or bearer token.</summary>
public static class Roles
{
    /// <summary>The Center's administrator: registrations and the chain explorer.</summary>
    public const string CenterAdmin = "center-admin";

    /// <summary>Hospital IT/admin staff: everything a clinician can do plus audit and access administration.</summary>
    public const string HospitalAdmin = "hospital-admin";

    /// <summary>A practitioner: reads and writes records, signs them with their practitioner key.</summary>
    public const string Clinician = "clinician";

    /// <summary>The patient who unlocked the wallet with the keystore passphrase.</summary>
    public const string Patient = "patient";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { CenterAdmin, HospitalAdmin, Clinician, Patient };
}

/// <summary>Authorization policy names; endpoints and pages use these, never raw role strings.</summary>
public static class Policies
{
    public const string CenterAdmin = "center-admin";

    /// <summary>Any signed-in hospital staff member (clinician or admin).</summary>
    public const string HospitalStaff = "hospital-staff";

    public const string HospitalAdmin = "hospital-admin";

    public const string Patient = "patient";

    /// <summary>The administrator of this app's staff accounts: the Center's admin in the Center, a hospital admin in a hospital.</summary>
    public const string StaffAdmin = "staff-admin";
}

/// <summary>Claim types beyond the standard name/role.</summary>
public static class EmrClaims
{
    /// <summary>Index of the practitioner key (in the hospital's keys) a clinician signs records with.</summary>
    public const string PractitionerIndex = "emrshare:practitioner";

    /// <summary>The server-side session this cookie or token belongs to (see <see cref="ISessionStore"/>).</summary>
    public const string Session = "emrshare:sid";

    /// <summary>The account's security stamp at sign-in; a password change or disable changes it and ends the session.</summary>
    public const string Stamp = "emrshare:stamp";
}
