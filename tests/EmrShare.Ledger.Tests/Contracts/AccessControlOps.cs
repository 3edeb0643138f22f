using FsCheck;
using FsCheck.Fluent;

namespace EmrShare.Ledger.Tests.Contracts;

/// <summary>
/// One generated call against the deployed contracts. Indexes pick from small fixed casts (hospitals A, B, C and
/// an outsider; practitioners of A and C and an outsider; patients P and Q; four record ids per sequence) or, for
/// grants and requests, from what the sequence created so far (modulo its count; skipped while there is none).
/// </summary>
public abstract record AccessOp;

public sealed record AdvanceTime(int Seconds) : AccessOp;

public sealed record AnchorRecord(int Hospital, int Record) : AccessOp;

public sealed record SubmitGrant(int Patient, int Grantee, int ExpiresIn, bool ReplayLast) : AccessOp;

public sealed record RevokeGrant(int Grant, int Caller) : AccessOp;

public sealed record RequestRecord(int Grant, int Record, int Custodian, bool ByGrantee) : AccessOp;

public sealed record FulfilRequest(int Request, int Hospital) : AccessOp;

/// <summary>The custodian's batch of two requests (issue 19); the same request twice must be refused whole.</summary>
public sealed record FulfilBatch(int First, int Second, int Hospital) : AccessOp;

public sealed record BreakGlassRead(int Practitioner, int Patient, int Record) : AccessOp;

public sealed record RequestEmergency(int Practitioner, int Custodian, int Record) : AccessOp;

public sealed record FulfilEmergency(int Request, int Hospital, int Patient) : AccessOp;

public sealed record Register(int Caller, int Kind) : AccessOp;

public static class AccessOpGen
{
    public const int Hospitals = 4; // A, B, C, outsider (not a hospital)
    public const int Practitioners = 3; // of A, of C, outsider
    public const int Patients = 2;
    public const int Records = 4;
    public const int Callers = 4; // Center, A, B, outsider
    public const int Kinds = 4; // hospital, patient, pseudonym, practitioner at A

    private static readonly Gen<int> AnyIndex = Gen.Choose(0, 7);

    /// <summary>Sequences of 1..24 calls, weighted towards the calls that move grants and requests along.</summary>
    public static Gen<AccessOp[]> Sequences { get; } =
        from length in Gen.Choose(1, 24)
        from ops in Gen.ArrayOf(Op, length)
        select ops;

    private static Gen<AccessOp> Op => Gen.Frequency(
        (1, Gen.Elements(0, 20, 200).Select(s => (AccessOp)new AdvanceTime(s))),
        (3, from h in Gen.Choose(0, 2) from r in Gen.Choose(0, Records - 1) select (AccessOp)new AnchorRecord(h, r)),
        (4, from p in Gen.Choose(0, Patients - 1) from g in Gen.Choose(0, Hospitals - 1) from e in Gen.Elements(-5, 0, 30, 150, 1_000) from replay in Gen.Elements(false, false, false, true)
            select (AccessOp)new SubmitGrant(p, g, e, replay)),
        (2, from g in AnyIndex from c in Gen.Choose(0, 2) select (AccessOp)new RevokeGrant(g, c)),
        (4, from g in AnyIndex from r in Gen.Choose(0, Records - 1) from c in Gen.Choose(0, Hospitals - 1) from byGrantee in Gen.Elements(true, true, true, false)
            select (AccessOp)new RequestRecord(g, r, c, byGrantee)),
        (4, from q in AnyIndex from h in Gen.Choose(0, Hospitals - 1) select (AccessOp)new FulfilRequest(q, h)),
        (2, from q in AnyIndex from q2 in AnyIndex from h in Gen.Choose(0, Hospitals - 1) select (AccessOp)new FulfilBatch(q, q2, h)),
        (2, from pr in Gen.Choose(0, Practitioners - 1) from p in Gen.Choose(0, Patients - 1) from r in Gen.Choose(0, Records - 1) select (AccessOp)new BreakGlassRead(pr, p, r)),
        (2, from pr in Gen.Choose(0, Practitioners - 1) from c in Gen.Choose(0, Hospitals - 1) from r in Gen.Choose(0, Records - 1) select (AccessOp)new RequestEmergency(pr, c, r)),
        (2, from q in AnyIndex from h in Gen.Choose(0, Hospitals - 1) from p in Gen.Choose(0, Patients - 1) select (AccessOp)new FulfilEmergency(q, h, p)),
        (2, from c in Gen.Choose(0, Callers - 1) from k in Gen.Choose(0, Kinds - 1) select (AccessOp)new Register(c, k)));
}
