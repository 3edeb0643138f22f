using EmrShare.Chain;

namespace EmrShare.Nodes.Center;

/// <summary>One transaction of an enrolment round: which step (register-patient, register-pseudonyms, fund-index-account) and its receipt.</summary>
public sealed record EnrolmentStep(string Step, ChainReceipt Receipt)
{
    public const string RegisterPatient = "register-patient";
    public const string RegisterPseudonyms = "register-pseudonyms";
    public const string FundIndexAccount = "fund-index-account";
}

/// <summary>
/// A round the Center ran: <see cref="Patients"/> is the anonymity set size (how many patients' pseudonyms were mixed
/// in one batch); <see cref="BelowRoundSize"/> says it was forced early with fewer than k patients.
/// </summary>
public sealed record EnrolmentRound(long Number, int Patients, int RoundSize, DateTimeOffset At, IReadOnlyList<EnrolmentStep> Transactions)
{
    public bool BelowRoundSize => Patients < RoundSize;
}

/// <summary>
/// What <see cref="EnrolmentQueue.EnqueueAsync"/> answers: the request is queued durably; <see cref="Round"/> is set
/// when this request completed a round (which then ran and left the queue).
/// </summary>
public sealed record EnrolmentTicket(int Pending, int RoundSize, EnrolmentRound? Round);

/// <summary>A past round as the Center keeps it: counts and transaction hashes only, no pseudonym and no commitment.</summary>
public sealed record EnrolmentRoundSummary(long Number, int Patients, DateTimeOffset At, bool BelowRoundSize, IReadOnlyList<string> TransactionHashes);

/// <summary>The queue's state: how many patients wait, k, and the latest rounds (newest first).</summary>
public sealed record EnrolmentStatus(int Pending, int RoundSize, IReadOnlyList<EnrolmentRoundSummary> Rounds);
