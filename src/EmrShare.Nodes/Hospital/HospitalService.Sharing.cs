using System.Security.Cryptography;
using System.Text;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Merkle;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>
    /// The patient hands this hospital (the grantee) a signed grant over the visit session; it is checked
    /// (addressed to us, signature, expiry, scope matches the listed records) and submitted on chain.
    /// </summary>
    public async Task<SealedMessage> SubmitGrantAsync(SealedMessage request, CancellationToken cancellationToken)
    {
        var visit = VisitOf(request);
        var offer = NodeJson.FromUtf8<GrantOffer>(visit.Session.Open(request));
        if (offer.Handover is not null)
        {
            return visit.Session.Seal(NodeJson.ToUtf8(await AcceptHandoverAsync(offer, visit.LocalPatientId, visit.Pseudonym, cancellationToken).ConfigureAwait(false)));
        }

        var grant = offer.Grant.Message;
        if (grant.Grantee != Address)
        {
            throw new AccessDeniedException("the grant names another hospital as grantee");
        }

        Eip712.VerifyGrant(offer.Grant, AccessDomain, _time);
        if (await Database.FindGrantAsync(Eip712.GrantId(AccessDomain, grant).ToString(), cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new AccessDeniedException("this signed grant was already submitted here (replay)");
        }

        if (GrantScope.Problem(offer.Records) is { } problem)
        {
            throw new AccessDeniedException("the grant's record list is refused: " + problem);
        }

        if (GrantScope.Of(offer.Records) != grant.Scope)
        {
            throw new AccessDeniedException("the listed records do not match the grant's scope");
        }

        GrantReceipt receipt;
        try
        {
            receipt = await Chain.AccessControl.SubmitGrantAsync(offer.Grant.ToSignedGrant(), cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the chain refused the grant ({ex.ErrorName})", ex);
        }

        var grantId = receipt.GrantId.ToHash32();
        var row = new GrantRow
        {
            GrantId = grantId.ToString(),
            Scope = grant.Scope.ToString(),
            Custodian = offer.Custodian.Lower,
            Patient = grant.Patient.Address.Lower,
            LocalPatientId = visit.LocalPatientId,
            RecordsJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(offer.Records)),
            TransactionHash = receipt.Receipt.TransactionHash,
            CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        await Database.InsertGrantAsync(row, NewAudit("grant", null, offer.Custodian.Lower, receipt.Receipt.TransactionHash), cancellationToken).ConfigureAwait(false);
        var accepted = new GrantAccepted(grantId, Address, grant.Scope, offer.Custodian, receipt.Receipt.TransactionHash, (long)receipt.Receipt.GasUsed);
        return visit.Session.Seal(NodeJson.ToUtf8(accepted));
    }

    /// <summary>
    /// Grantee side of a share: <see cref="SubmitRequestAsync"/> then <see cref="AwaitFulfilmentAsync"/> — the
    /// custodian's watcher sees the on-chain request and answers it; nothing here calls the custodian to fulfil.
    /// </summary>
    public async Task<RecordReceived> RequestRecordAsync(Hash32 grantId, RecordId recordId, CancellationToken cancellationToken)
    {
        if (await HeldNewestAsync(grantId, recordId, cancellationToken).ConfigureAwait(false) is { } held)
        {
            return held;
        }

        // Know where the custodian is before paying for an on-chain request that could never be collected: a
        // custodian the directory does not know is refused here, with no transaction sent.
        if (await Database.FindGrantAsync(grantId.ToString(), cancellationToken).ConfigureAwait(false) is { } grant)
        {
            await _directory.EnsureKnownAsync(ChainAddress.Parse(grant.Custodian), cancellationToken).ConfigureAwait(false);
        }

        var pending = await SubmitRequestAsync(grantId, recordId, cancellationToken).ConfigureAwait(false);
        return await AwaitFulfilmentAsync(pending, _options.FulfilmentTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <c>requestAccess</c> under a grant held here (with the Merkle proof for a record-scoped grant).</summary>
    public async Task<PendingRequest> SubmitRequestAsync(Hash32 grantId, RecordId recordId, CancellationToken cancellationToken)
    {
        var grant = await Database.FindGrantAsync(grantId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such grant held here");
        var records = NodeJson.FromUtf8<List<RecordId>>(Encoding.UTF8.GetBytes(grant.RecordsJson));
        var proof = ProofFor(records, recordId);
        var grantRef = new GrantRef(Address.ToString(), grantId.ToBytes32(), Hash32.Parse(grant.Scope).ToBytes32());
        try
        {
            var requested = await Chain.AccessControl.RequestAccessAsync(grantRef, recordId.ToBytes32(), grant.Custodian, [.. proof.Select(p => p.ToBytes32())], cancellationToken).ConfigureAwait(false);
            return new PendingRequest(requested.RequestId.ToHash32(), grantId, recordId, ChainAddress.Parse(grant.Custodian), requested.Receipt);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the chain refused the request ({ex.ErrorName})", ex);
        }
    }

    /// <summary>
    /// Collects the custodian's answer to an on-chain request, proving with a signed EIP-712 AccessRequest that
    /// we are its grantee, then verifies and stores the record (<see cref="ImportReceivedAsync"/>). A signed
    /// refusal (revoked or expired since the request, record erased, ...) → <see cref="AccessDeniedException"/>; no answer within
    /// <paramref name="timeout"/>, including a custodian that stays unreachable that long (down or restarting; asked
    /// again until then) → <see cref="FulfilmentTimeoutException"/>. Nothing is stored on failure.
    /// </summary>
    public async Task<RecordReceived> AwaitFulfilmentAsync(PendingRequest pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var custodian = _directory.Resolve(pending.Custodian);
        var signed = SignCollect(pending);
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var left = TimeSpan.FromSeconds((double)(deadline - _time.GetTimestamp()) / _time.TimestampFrequency);
            var wait = (int)Math.Clamp(left.TotalMilliseconds, 0, 2_000);
            FulfilmentDelivery delivery;
            try
            {
                delivery = await custodian.Endpoint.CollectFulfilmentAsync(new CollectRequest(signed, pending.RequestId, wait), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
            {
                // The custodian is down or restarting: its answer is staged under the request id and survives a
                // restart, so keep asking until the deadline rather than failing the share on the first refused connection.
                if (wait == 0)
                {
                    throw new FulfilmentTimeoutException($"the custodian was unreachable for request {pending.RequestId} within {timeout.TotalSeconds:0.#} s", ex);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(wait, 250)), _time, cancellationToken).ConfigureAwait(false);

                // A restarted custodian may listen elsewhere; and a lost answer may have spent our collect nonce.
                custodian = _directory.Resolve(pending.Custodian);
                signed = SignCollect(pending);
                continue;
            }

            if (delivery.RequestId != pending.RequestId)
            {
                throw new RecordVerificationException("the custodian answered another request");
            }

            switch (delivery.Status)
            {
                case FulfilmentStatus.Fulfilled when delivery.Fulfilment is { } fulfilment && pending.Emergency is { } emergency:
                    return await ImportEmergencyAsync(fulfilment, pending, emergency, custodian, cancellationToken).ConfigureAwait(false);
                case FulfilmentStatus.Fulfilled when delivery.Fulfilment is { } fulfilment:
                    return await ImportReceivedAsync(fulfilment, pending.GrantId, pending.RecordId, custodian, pending.Receipt, cancellationToken).ConfigureAwait(false);
                case FulfilmentStatus.Refused when delivery.Refusal is { } refusal:
                    throw RefusalOf(refusal, pending);
                case FulfilmentStatus.Pending when wait > 0:
                    continue;
                case FulfilmentStatus.Pending:
                    throw new FulfilmentTimeoutException($"the custodian did not answer request {pending.RequestId} within {timeout.TotalSeconds:0.#} s");
                default:
                    throw new RecordVerificationException("the custodian's answer is incomplete");
            }
        }
    }

    /// <summary>A collect request (EIP-712 AccessRequest) with a fresh nonce: only the grantee can sign it.</summary>
    private SignedTypedData<AccessRequest> SignCollect(PendingRequest pending) =>
        Eip712.Sign(AccessDomain, new AccessRequest(pending.GrantId, pending.RecordId, Address, (ulong)_time.GetUtcNow().ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32))), _keys.Account);

    /// <summary>A transport failure reaching a peer (refused, reset, timed out) — not a refusal it answered with.</summary>
    private static bool IsUnreachable(Exception ex, CancellationToken cancellationToken) =>
        TransportFailure.Is(ex) || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>A refusal counts only if the custodian's chain account signed it for this request.</summary>
    private AccessDeniedException RefusalOf(FulfilmentRefusal refusal, PendingRequest pending)
    {
        var digest = FulfilmentRefusal.Digest(ChainId, ChainAddress.Parse(_options.Addresses.AccessControl), pending.RequestId, refusal.Reason);
        ChainAddress signer;
        try
        {
            signer = refusal.Signature.Recover(digest.ToBytes());
        }
        catch (SignatureInvalidException ex)
        {
            throw new RecordVerificationException("the custodian's refusal carries a malformed signature", ex);
        }

        if (signer != pending.Custodian)
        {
            throw new RecordVerificationException("the refusal was not signed by the custodian");
        }

        return new AccessDeniedException($"the custodian refused the request: {refusal.Reason}");
    }

    private static IReadOnlyList<Hash32> ProofFor(IReadOnlyList<RecordId> records, RecordId recordId) =>
        GrantScope.Proof(records, recordId) ?? throw new AccessDeniedException("the record is outside the grant's scope");
}
