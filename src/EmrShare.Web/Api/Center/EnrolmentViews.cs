using EmrShare.Nodes.Center;

namespace EmrShare.Web.Api.Center;

/// <summary>One transaction of an enrolment round: its step (register-patient, register-pseudonyms, fund-index-account), hash, block, gas.</summary>
public sealed record EnrolmentTransaction(string Step, string TransactionHash, long BlockNumber, long GasUsed);

/// <summary>
/// A round that ran: <see cref="Patients"/> is the anonymity set (patients whose pseudonyms were mixed in one batch);
/// <see cref="BelowRoundSize"/> warns that it was forced with fewer than k patients.
/// </summary>
public sealed record EnrolmentRoundView(long Number, int Patients, int RoundSize, bool BelowRoundSize, DateTimeOffset At, IReadOnlyList<EnrolmentTransaction> Transactions)
{
    public static EnrolmentRoundView Of(EnrolmentRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return new(round.Number, round.Patients, round.RoundSize, round.BelowRoundSize, round.At,
            [.. round.Transactions.Select(t => new EnrolmentTransaction(t.Step, t.Receipt.TransactionHash, (long)t.Receipt.BlockNumber, (long)t.Receipt.GasUsed))]);
    }
}

/// <summary>The answer to queuing a patient: pending count and k; <see cref="Round"/> when this request completed a round.</summary>
public sealed record EnrolmentTicketView(bool Queued, int Pending, int RoundSize, EnrolmentRoundView? Round)
{
    public static EnrolmentTicketView Of(EnrolmentTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(true, ticket.Pending, ticket.RoundSize, ticket.Round is null ? null : EnrolmentRoundView.Of(ticket.Round));
    }
}

/// <summary>A past round: counts and transaction hashes only.</summary>
public sealed record EnrolmentRoundSummaryView(long Number, int Patients, bool BelowRoundSize, DateTimeOffset At, IReadOnlyList<string> TransactionHashes);

/// <summary>The enrolment queue: how many patients wait for the next round of k, and the latest rounds (no pseudonyms).</summary>
public sealed record EnrolmentStatusView(int Pending, int RoundSize, IReadOnlyList<EnrolmentRoundSummaryView> Rounds)
{
    public static EnrolmentStatusView Of(EnrolmentStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(status.Pending, status.RoundSize,
            [.. status.Rounds.Select(r => new EnrolmentRoundSummaryView(r.Number, r.Patients, r.BelowRoundSize, r.At, r.TransactionHashes))]);
    }
}
