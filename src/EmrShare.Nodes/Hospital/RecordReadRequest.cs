using EmrShare.Core;

namespace EmrShare.Nodes.Hospital;

/// <summary>The staff role a read is made under; only clinicians ever see plaintext.</summary>
public enum StaffRole
{
    Clinician,
    HospitalAdmin,
}

/// <summary>
/// Who asks to read a record and through which path. <paramref name="Actor"/> names the person (a web account, or
/// <c>cli:</c> plus the practitioner address for the command line) and is what care assignments refer to;
/// <paramref name="Route"/> names the path (e.g. <c>GET /api/records/{id}</c>, <c>dashboard</c>, <c>cli read</c>).
/// A <paramref name="BreakGlassReason"/> (1 unconscious, 2 life-threatening, 3 other) asks for an emergency read
/// without a care relationship, logged on chain by the <paramref name="Practitioner"/> first.
/// </summary>
public sealed record RecordReadRequest(string Actor, StaffRole Role, string Route, ChainAddress? Practitioner = null, ushort? BreakGlassReason = null)
{
    /// <summary>The audit spelling of the role (the web's role names).</summary>
    public string RoleName => Role == StaffRole.Clinician ? "clinician" : "hospital-admin";
}

/// <summary>
/// A read the gate allowed: the plaintext, the basis (check-in, assignment, break-glass) and the on-chain
/// transaction that makes it visible to the patient (recordAccess for a received record, breakGlass), if any.
/// </summary>
public sealed record RecordRead(RecordContent Record, string Basis, EmrShare.Chain.ChainReceipt? Logged);
