using EmrShare.Core.IO;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Deployment;
using EmrShare.Storage.Embedded;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Center;

/// <summary>
/// The Center's durable enrolment queue (finding A1): registration requests wait in a SQLite file in the Center's
/// folder until k = <see cref="EnrolmentPolicy.RoundSize"/> patients are pending; then ONE round registers them all
/// (their pseudonyms shuffled into one batch), so a chain observer can pair a patient's pseudonyms no better than
/// chance among k. A round takes every pending request, oldest first, up to <see cref="EnrolmentPolicy.MaxPatientsPerRound"/>
/// (normally exactly k; more only after a failed round). Requests leave the queue only once the whole round is on
/// chain; a round interrupted by a chain outage or a crash re-runs from the queue and skips what the chain already has.
/// One round at a time per queue object; the UNIQUE indexes keep two processes from queuing the same patient.
/// </summary>
public sealed class EnrolmentQueue : IDisposable
{
    /// <summary>The queue's file name inside the Center's folder.</summary>
    public const string FileName = "enrolment.db";

    private const int HistoryLength = 20;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EnrolmentStore _store;
    private readonly CenterService _center;
    private readonly TimeProvider _time;

    private EnrolmentQueue(EnrolmentStore store, CenterService center, EnrolmentPolicy policy, TimeProvider time)
    {
        _store = store;
        _center = center;
        Policy = policy;
        _time = time;
    }

    public EnrolmentPolicy Policy { get; }

    /// <summary>Opens (or creates) the queue in <paramref name="folder"/>; pending requests of an earlier run are still there.</summary>
    public static async Task<EnrolmentQueue> OpenAsync(string folder, CenterService center, EnrolmentPolicy policy, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        PrivateFiles.CreateDirectory(folder);
        PrivateFiles.PrepareDatabase(Path.Combine(folder, FileName));
        var store = await Guard(() => EnrolmentStore.OpenAsync(Path.Combine(folder, FileName), cancellationToken)).ConfigureAwait(false);
        return new EnrolmentQueue(store, center, policy.Validated(), time);
    }

    /// <summary>
    /// Queues a patient after checking nothing of it is queued or registered already
    /// (<see cref="EnrolmentRefusedException"/>); when it is the k-th pending request, the round runs now and the
    /// ticket carries its transactions. If that round fails (e.g. <see cref="ChainUnavailableException"/>), the
    /// exception propagates but the request STAYS queued: the next enqueue or <see cref="EnrolNowAsync"/> re-runs it.
    /// </summary>
    public async Task<EnrolmentTicket> EnqueueAsync(PatientRegistrationRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await Guard(() => _store.IsQueuedAsync(request, cancellationToken)).ConfigureAwait(false))
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.AlreadyQueued, "this patient (identity commitment or one of its accounts) is already waiting for the next enrolment round");
            }

            await ThrowIfRegisteredAsync(request, cancellationToken).ConfigureAwait(false);
            EnrolmentProofs.Verify(request, (ulong)_center.ChainAccessUsed.ChainId, Core.ChainAddress.Parse(_center.Addresses.Registry), _time);
            if (!await Guard(() => _store.TryInsertAsync(request, _time.GetUtcNow(), cancellationToken)).ConfigureAwait(false))
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.AlreadyQueued, "this patient (identity commitment or one of its accounts) is already waiting for the next enrolment round");
            }

            var pending = await Guard(() => _store.CountPendingAsync(cancellationToken)).ConfigureAwait(false);
            if (pending < Policy.RoundSize)
            {
                return new EnrolmentTicket(pending, Policy.RoundSize, null);
            }

            var round = await RunRoundAsync(cancellationToken).ConfigureAwait(false);
            return new EnrolmentTicket(await Guard(() => _store.CountPendingAsync(cancellationToken)).ConfigureAwait(false), Policy.RoundSize, round);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The Center admin runs a round now. With fewer than k pending it refuses unless <paramref name="belowRoundSize"/>
    /// is true — then the round's <see cref="EnrolmentRound.Patients"/> is the (smaller) anonymity set to warn about.
    /// An empty queue is refused (<see cref="EnrolmentRefusal.QueueEmpty"/>).
    /// </summary>
    public async Task<EnrolmentRound> EnrolNowAsync(bool belowRoundSize, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = await Guard(() => _store.CountPendingAsync(cancellationToken)).ConfigureAwait(false);
            if (pending == 0)
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.QueueEmpty, "no patient is waiting for enrolment");
            }

            if (pending < Policy.RoundSize && !belowRoundSize)
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.BelowRoundSize,
                    $"only {pending} of {Policy.RoundSize} patients are waiting: a round this small lets a chain observer link each patient's " +
                    $"pseudonyms among {pending} patient(s) only; wait for {Policy.RoundSize} or force the round explicitly");
            }

            return await RunRoundAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Pending count, k and the latest rounds (counts and transaction hashes only).</summary>
    public async Task<EnrolmentStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var pending = await Guard(() => _store.CountPendingAsync(cancellationToken)).ConfigureAwait(false);
        var rounds = await Guard(() => _store.ListRoundsAsync(HistoryLength, cancellationToken)).ConfigureAwait(false);
        return new EnrolmentStatus(pending, Policy.RoundSize, rounds);
    }

    public void Dispose()
    {
        _store.ReleaseConnections();
        _gate.Dispose();
    }

    private async Task<EnrolmentRound> RunRoundAsync(CancellationToken cancellationToken)
    {
        var entries = await Guard(() => _store.TakeOldestAsync(Policy.MaxPatientsPerRound, cancellationToken)).ConfigureAwait(false);
        IReadOnlyList<EnrolmentStep> steps;
        try
        {
            steps = await _center.ResumePatientRoundAsync([.. entries.Select(e => e.Request)], Policy.IndexGasEther, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainUnavailableException ex)
        {
            throw new ChainUnavailableException($"the enrolment round could not finish; its {entries.Count} patient(s) stay queued and the next round re-runs it ({ex.Message})", ex);
        }

        var at = _time.GetUtcNow();

        // Only now, with every transaction of the round mined, do the requests leave the queue. A crash before this
        // line leaves them queued and the re-run sends only what is missing.
        var number = await Guard(() => _store.CompleteRoundAsync(
            [.. entries.Select(e => e.Seq)], Policy.RoundSize, at, [.. steps.Select(s => s.Receipt.TransactionHash)], CancellationToken.None)).ConfigureAwait(false);
        return new EnrolmentRound(number, entries.Count, Policy.RoundSize, at, steps);
    }

    private async Task ThrowIfRegisteredAsync(PatientRegistrationRequest request, CancellationToken cancellationToken)
    {
        if (await _center.Chain.Registry.IsPatientRegisteredAsync(request.IdentityCommitment.ToBytes32(), cancellationToken).ConfigureAwait(false))
        {
            throw new EnrolmentRefusedException(EnrolmentRefusal.AlreadyRegistered, "this identity commitment is already registered on chain");
        }

        foreach (var account in request.Pseudonyms.Append(request.IndexAccount))
        {
            if (await _center.IsAccountClaimedAsync(account, cancellationToken).ConfigureAwait(false))
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.AlreadyRegistered, "one of the request's accounts is already registered on chain");
            }
        }
    }

    private static void Validate(PatientRegistrationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IdentityCommitment.IsZero)
        {
            throw new EnrolmentRefusedException(EnrolmentRefusal.InvalidRequest, "the identity commitment must not be zero");
        }

        if (request.Pseudonyms is not { Count: > 0 and <= 64 })
        {
            throw new EnrolmentRefusedException(EnrolmentRefusal.InvalidRequest, "a registration request needs between 1 and 64 pseudonyms");
        }

        var accounts = request.Pseudonyms.Append(request.IndexAccount).ToList();
        if (accounts.Any(a => a == Core.ChainAddress.Zero) || accounts.Distinct().Count() != accounts.Count)
        {
            throw new EnrolmentRefusedException(EnrolmentRefusal.InvalidRequest, "pseudonyms and the index account must be non-zero and all differ");
        }
    }

    private static async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteAvailability.IsUnavailable(ex))
        {
            throw new StorageUnavailableException("the Center's enrolment queue file does not accept writes (disk full or read-only); nothing was queued", ex);
        }
    }
}
