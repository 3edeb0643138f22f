using System.Collections.Concurrent;
using System.Text;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Custodian side of a share, driven by the chain (docs/protocol.md, "Fulfilment"): the <see cref="AccessRequestWatcher"/> hands
/// every <c>AccessRequested</c> event here; requests about this hospital's pseudonyms and records are checked
/// against the contract, fulfilled (key re-wrapped for the grantee, <c>recordFulfilment</c> on chain) or refused,
/// and the outcome is staged under the request id until the grantee collects it.
/// </summary>
public sealed partial class HospitalService
{
    private const string Sending = "sending";
    private const string Fulfilled = "fulfilled";
    private const string Refused = "refused";
    private const int MaxCollectWaitMilliseconds = 5_000;

    // Wakes collectors waiting on a request as soon as its outcome is staged (no polling of our own database).
    private readonly ConcurrentDictionary<Hash32, TaskCompletionSource> _outcomes = new();
    private ReplayCache? _collectedNonces;
    private FulfilmentBatcher? _fulfilments;

    /// <summary>Granted fulfilments on chain: alone when none is in flight, else batched (<see cref="FulfilmentBatcher"/>).</summary>
    private FulfilmentBatcher Fulfilments => LazyInitializer.EnsureInitialized(ref _fulfilments, () => new FulfilmentBatcher(Chain.AccessControl));

    /// <summary>Nonces of collect requests already answered, kept as long as such a request is fresh.</summary>
    private ReplayCache CollectedNonces =>
        LazyInitializer.EnsureInitialized(ref _collectedNonces, () => new ReplayCache(100_000, AccessRequest.MaxAge, _time));

    /// <summary>
    /// Grantee pulls the outcome of its request. Only the grantee may: the signed AccessRequest must recover to
    /// the request's grantee and name its grant and record. Waits (bounded) for an outcome not staged yet and
    /// nudges the watcher, so the grantee does not have to wait for the next poll.
    /// </summary>
    public async Task<FulfilmentDelivery> CollectFulfilmentAsync(CollectRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Eip712.VerifyAccessRequest(request.Request, AccessDomain, _time);
        var row = await Database.FindFulfilmentAsync(request.RequestId.ToString(), cancellationToken).ConfigureAwait(false);
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(request.WaitMilliseconds, 0, MaxCollectWaitMilliseconds));
        if (row is not { Status: Fulfilled or Refused } && wait > TimeSpan.Zero)
        {
            var staged = _outcomes.GetOrAdd(request.RequestId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            row = await Database.FindFulfilmentAsync(request.RequestId.ToString(), cancellationToken).ConfigureAwait(false);
            if (row is not { Status: Fulfilled or Refused })
            {
                _watcher?.Nudge();
                try
                {
                    await staged.Task.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    _outcomes.TryRemove(new KeyValuePair<Hash32, TaskCompletionSource>(request.RequestId, staged));
                }

                row = await Database.FindFulfilmentAsync(request.RequestId.ToString(), cancellationToken).ConfigureAwait(false);
            }
        }

        if (row is not { Status: Fulfilled or Refused })
        {
            return FulfilmentDelivery.Pending(request.RequestId);
        }

        var message = request.Request.Message;
        if (!string.Equals(row.Grantee, message.Requester.Lower, StringComparison.Ordinal) || row.GrantId != message.GrantId.ToString() || row.RecordId != message.RecordId.ToString())
        {
            throw new AccessDeniedException("only the grantee of this request may collect its outcome");
        }

        // The answer goes out once per signed request (its nonce is spent here; B polls with the same signature only
        // while the outcome is pending), so an eavesdropper replaying B's request gets nothing, not even metadata.
        try
        {
            CollectedNonces.Register(message.Nonce, (long)message.IssuedAt);
        }
        catch (HandshakeReplayException)
        {
            throw new AccessDeniedException("this signed collect request was already answered; sign a new one");
        }

        return row.Status == Fulfilled
            ? new FulfilmentDelivery(request.RequestId, FulfilmentStatus.Fulfilled, NodeJson.FromUtf8<Fulfilment>(Encoding.UTF8.GetBytes(row.DeliveryJson!)), null)
            : new FulfilmentDelivery(request.RequestId, FulfilmentStatus.Refused, null, new FulfilmentRefusal(request.RequestId, row.Reason!, EthSignature.Parse(row.RefusalSignature!)));
    }

    /// <summary>
    /// One <c>AccessRequested</c> event. Ignored unless it names us as custodian, its patient is one of our
    /// pseudonyms and we hold its record; handled at most once (the request id is claimed in the database). A request
    /// for one of our records addressed to another hospital is an alert (<see cref="HandleForeignRequestAsync"/>).
    /// </summary>
    internal async Task HandleAccessRequestAsync(AccessRequestedLog requested, CancellationToken cancellationToken)
    {
        if (!string.Equals(requested.Custodian, Address.Lower, StringComparison.OrdinalIgnoreCase))
        {
            await HandleForeignRequestAsync(requested, cancellationToken).ConfigureAwait(false);
            return;
        }

        var requestId = requested.RequestId.ToHash32();
        var existing = await Database.FindFulfilmentAsync(requestId.ToString(), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.Status == Sending)
            {
                await ResumeSendingAsync(existing, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (requested.IsEmergency)
        {
            await HandleEmergencyRequestAsync(requested, cancellationToken).ConfigureAwait(false);
            return;
        }

        var recordId = RecordId.FromBytes(requested.RecordId.ToArray());
        if (await Database.FindPatientByPseudonymAsync(requested.Patient.ToLowerInvariant(), cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        var row = await Database.FindLatestRecordAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false);
        if (row is null || row.Origin != "local")
        {
            return;
        }

        var claim = new FulfilmentRow
        {
            RequestId = requestId.ToString(),
            Grantee = requested.Grantee.ToLowerInvariant(),
            GrantId = requested.GrantId.ToHash32().ToString(),
            RecordId = recordId.ToString(),
            Status = Sending,
            CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        Fulfilment delivery;
        try
        {
            delivery = await PrepareFulfilmentAsync(requested, row, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NodeException and not (ChainUnavailableException or StorageUnavailableException) or ContractRevertedException or EmrShareSecurityException)
        {
            // A refusal is final and signed, so only the answer to the request may cause it: a chain or storage outage
            // propagates instead, leaving the request unclaimed for the watcher's retry at its next poll.
            await ClaimRefusedAsync(claim, ex.Message, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Staged before the transaction: a restart between the two resumes with the same wrapped key, whose digest is what goes on chain.
        claim = claim with { DeliveryJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(delivery)) };
        if (await Database.TryClaimFulfilmentAsync(claim, null, null, cancellationToken).ConfigureAwait(false))
        {
            await SendFulfilmentAsync(claim, delivery, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finishes requests staged by a previous run that stopped before the fulfilment was confirmed.</summary>
    internal async Task ResumeStagedAsync(CancellationToken cancellationToken)
    {
        foreach (var row in await Database.ListSendingFulfilmentsAsync(cancellationToken).ConfigureAwait(false))
        {
            await ResumeSendingAsync(row, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The custodian's checks against the contract, then the data key re-wrapped for the grantee's registered key.</summary>
    private async Task<Fulfilment> PrepareFulfilmentAsync(AccessRequestedLog requested, RecordRow row, CancellationToken cancellationToken)
    {
        var onChain = await Chain.AccessControl.GetRequestAsync(requested.RequestId, cancellationToken).ConfigureAwait(false);
        if (onChain.Fulfilled)
        {
            throw new AccessDeniedException("this request was already fulfilled");
        }

        if (row.WrappedKeySelf.Length == 0)
        {
            throw new RecordErasedException("the record was erased at its custodian");
        }

        // Independent reads: one round trip of latency instead of two.
        var grantRead = Chain.AccessControl.GetGrantAsync(new GrantRef(onChain.Grantee, onChain.GrantId, onChain.Scope), cancellationToken);
        var granteeRead = Chain.Registry.GetHospitalAsync(onChain.Grantee, cancellationToken);
        await Task.WhenAll(grantRead, granteeRead).ConfigureAwait(false);
        var grant = await grantRead.ConfigureAwait(false);
        if (!string.Equals(grant.Patient, row.Pseudonym, StringComparison.OrdinalIgnoreCase))
        {
            throw new AccessDeniedException("the record belongs to another patient than the grant");
        }

        if (grant.Revoked)
        {
            throw new AccessDeniedException("the grant was revoked");
        }

        var grantee = await granteeRead.ConfigureAwait(false);
        if (!grantee.Active)
        {
            throw new AccessDeniedException("the grantee is not an active hospital");
        }

        return DeliveryFor(row, grantee.EncryptionKey);
    }

    /// <summary>
    /// recordFulfilment(requestId, digest of the wrapped key). The contract is the last word: a grant revoked or
    /// expired since the checks reverts here and becomes a refusal.
    /// </summary>
    private async Task SendFulfilmentAsync(FulfilmentRow claim, Fulfilment delivery, CancellationToken cancellationToken)
    {
        ChainReceipt fulfilled;
        try
        {
            fulfilled = await SendFulfilmentTransactionAsync(claim, delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            var onChain = await Chain.AccessControl.GetRequestAsync(Hash32.Parse(claim.RequestId).ToBytes32(), cancellationToken).ConfigureAwait(false);
            if (onChain.Fulfilled)
            {
                // Our own earlier send (before a restart) got there first: the request is fulfilled, not refused.
                await ConfirmFulfilledAsync(claim, onChain, cancellationToken).ConfigureAwait(false);
                return;
            }

            await RefuseAsync(claim, $"the chain refused the fulfilment ({ex.ErrorName})", cancellationToken).ConfigureAwait(false);
            return;
        }

        var done = delivery with { FulfilmentTransaction = fulfilled.TransactionHash, FulfilmentGasUsed = (long)fulfilled.GasUsed };
        var row = claim with { Status = Fulfilled, DeliveryJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(done)), TransactionHash = fulfilled.TransactionHash, GasUsed = (long)fulfilled.GasUsed };
        await Database.CompleteFulfilmentAsync(row, NewAudit(FulfilAuditKind(claim), claim.RecordId, claim.Grantee, fulfilled.TransactionHash), cancellationToken).ConfigureAwait(false);
        Signal(claim.RequestId);
    }

    /// <summary>A staged fulfilment from an earlier run: confirm it if the chain already has it, else send it now.</summary>
    private async Task ResumeSendingAsync(FulfilmentRow row, CancellationToken cancellationToken)
    {
        if (row.DeliveryJson is null)
        {
            // Left by a run before claims and refusals were one transaction (review S3): answer it instead of failing on every poll.
            await RefuseAsync(row, "the custodian stopped while answering this request; send a new request", cancellationToken).ConfigureAwait(false);
            return;
        }

        var delivery = NodeJson.FromUtf8<Fulfilment>(Encoding.UTF8.GetBytes(row.DeliveryJson!));
        var onChain = await Chain.AccessControl.GetRequestAsync(Hash32.Parse(row.RequestId).ToBytes32(), cancellationToken).ConfigureAwait(false);
        if (!onChain.Fulfilled)
        {
            await SendFulfilmentAsync(row, delivery, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ConfirmFulfilledAsync(row, onChain, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The request is fulfilled on chain although we hold no receipt: our earlier send (before a restart) made it,
    /// since the contract lets only the custodian the request names fulfil it. Its hash was not kept. A request that
    /// names another custodian is never taken as our confirmation: it is an alert and a refusal.
    /// </summary>
    private async Task ConfirmFulfilledAsync(FulfilmentRow row, AccessRequestInfo onChain, CancellationToken cancellationToken)
    {
        if (!string.Equals(onChain.Custodian, Address.Lower, StringComparison.OrdinalIgnoreCase))
        {
            await AlertForeignFulfilmentAsync(row, onChain.Custodian, cancellationToken).ConfigureAwait(false);
            await RefuseAsync(row, "the request was fulfilled on chain by another hospital", cancellationToken).ConfigureAwait(false);
            return;
        }

        var done = row with { Status = Fulfilled, TransactionHash = string.Empty };
        await Database.CompleteFulfilmentAsync(done, NewAudit(FulfilAuditKind(row), row.RecordId, row.Grantee, null), cancellationToken).ConfigureAwait(false);
        Signal(row.RequestId);
    }

    private async Task RefuseAsync(FulfilmentRow claim, string reason, CancellationToken cancellationToken)
    {
        await Database.CompleteFulfilmentAsync(RefusedRow(claim, reason), RefuseAudit(claim), cancellationToken).ConfigureAwait(false);
        Signal(claim.RequestId);
    }

    /// <summary>
    /// Claims an unclaimed request as refused, with its signed reason, its audit line and (for an emergency request)
    /// its read-audit row, in one transaction (review S3): no crash can leave a claimed request without an answer.
    /// </summary>
    private async Task<bool> ClaimRefusedAsync(FulfilmentRow claim, string reason, ReadAuditRow? read, CancellationToken cancellationToken)
    {
        if (!await Database.TryClaimFulfilmentAsync(RefusedRow(claim, reason), read, RefuseAudit(claim), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Signal(claim.RequestId);
        return true;
    }

    private FulfilmentRow RefusedRow(FulfilmentRow claim, string reason)
    {
        var digest = FulfilmentRefusal.Digest(ChainId, ChainAddress.Parse(_options.Addresses.AccessControl), Hash32.Parse(claim.RequestId), reason);
        return claim with { Status = Refused, DeliveryJson = null, Reason = reason, RefusalSignature = EthSignature.Sign(digest.ToBytes(), _keys.Account).ToString() };
    }

    private AuditRow RefuseAudit(FulfilmentRow claim) => NewAudit(claim.IsEmergency ? EmergencyRefuseAudit : "refuse", claim.RecordId, claim.Grantee, null);

    private void Signal(string requestId)
    {
        if (_outcomes.TryRemove(Hash32.Parse(requestId), out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
