namespace EmrShare.Nodes.Center;

/// <summary>
/// How the Center runs enrolment rounds. <paramref name="RoundSize"/> is k: a round runs by itself once k patients
/// are queued, and every patient's pseudonyms then hide among the round's k patients on chain (finding A1).
/// <paramref name="IndexGasEther"/> is sent to each patient's index account so it can anchor its medical index.
/// </summary>
public sealed record EnrolmentPolicy(int RoundSize = 16, decimal IndexGasEther = 1m)
{
    /// <summary>Upper bound on k: one round's pseudonyms go into ONE registerPseudonyms transaction, which must fit a block.</summary>
    public const int MaxRoundSize = 256;

    /// <summary>
    /// At most this many patients (the oldest) go into one round. Normally a round holds exactly k; more are only
    /// pending after a round failed (chain down) and new requests kept coming, and the cap keeps that catch-up
    /// round's batch within a block's gas.
    /// </summary>
    public int MaxPatientsPerRound => Math.Min(MaxRoundSize, RoundSize * 4);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a policy the queue cannot run.</summary>
    public EnrolmentPolicy Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(RoundSize, 1, nameof(RoundSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RoundSize, MaxRoundSize, nameof(RoundSize));
        ArgumentOutOfRangeException.ThrowIfNegative(IndexGasEther, nameof(IndexGasEther));
        return this;
    }
}
