using System.Text;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Merkle;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>
    /// The grantee side of a grant the phone relayed through the Center and now hands over in a visit: nothing is sent
    /// on chain. The handover must be signed by the grant's own patient key, for this hospital, for the patient of this
    /// visit and still fresh; the grant must be on chain for this hospital, live (not revoked, not expired by this
    /// clock or the chain's) and its listed records must match its scope. Kept like a grant submitted here, so
    /// <see cref="RequestRecordAsync"/> then asks the custodian only for those records.
    /// </summary>
    private async Task<GrantAccepted> AcceptHandoverAsync(GrantOffer offer, string localPatientId, Pseudonym bearer, CancellationToken cancellationToken)
    {
        var grant = offer.Grant.Message;
        var handover = offer.Handover!;
        if (grant.Grantee != Address)
        {
            throw new AccessDeniedException("the grant names another hospital as grantee");
        }

        Eip712.VerifyGrant(offer.Grant, AccessDomain, _time);
        var grantId = Eip712.GrantId(AccessDomain, grant);

        // Signed by someone else than the grant's patient → SignatureInvalidException: whoever delivers a relayed grant
        // must hold its key, since the grant itself is public calldata once relayed.
        Eip712.Verify(handover, AccessDomain, grant.Patient.Address, _time);
        if (handover.Message.GrantId != grantId || handover.Message.Grantee != Address)
        {
            throw new AccessDeniedException("the handover is for another grant or another hospital");
        }

        if (handover.Message.Bearer != bearer.Address)
        {
            throw new AccessDeniedException("the handover names another patient than the one in this visit");
        }

        if (GrantScope.Problem(offer.Records) is { } problem)
        {
            throw new AccessDeniedException("the grant's record list is refused: " + problem);
        }

        if (GrantScope.Of(offer.Records) != grant.Scope)
        {
            throw new AccessDeniedException("the listed records do not match the grant's scope");
        }

        if (await Database.FindGrantAsync(grantId.ToString(), cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new AccessDeniedException("this grant is already held here (replay)");
        }

        var transaction = await EnsureLiveOnChainAsync(grant, grantId, offer.Records, cancellationToken).ConfigureAwait(false);
        var row = new GrantRow
        {
            GrantId = grantId.ToString(),
            Scope = grant.Scope.ToString(),
            Custodian = offer.Custodian.Lower,
            Patient = grant.Patient.Address.Lower,
            LocalPatientId = localPatientId,
            RecordsJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(offer.Records)),
            TransactionHash = transaction,
            CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        await Database.InsertGrantAsync(row, NewAudit("grant-handover", null, offer.Custodian.Lower, transaction), cancellationToken).ConfigureAwait(false);
        return new GrantAccepted(grantId, Address, grant.Scope, offer.Custodian, transaction, 0);
    }

    /// <summary>The grant's creating transaction, once the chain shows the grant stored for us, by its patient and live.</summary>
    private async Task<string> EnsureLiveOnChainAsync(Grant grant, Hash32 grantId, IReadOnlyList<RecordId> records, CancellationToken cancellationToken)
    {
        var grantRef = new GrantRef(Address.ToString(), grantId.ToBytes32(), grant.Scope.ToBytes32());
        GrantInfo info;
        try
        {
            info = await Chain.AccessControl.GetGrantAsync(grantRef, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the grant is not on chain ({ex.ErrorName}): relay it first", ex);
        }

        if (ChainAddress.Parse(info.Patient) != grant.Patient.Address)
        {
            throw new AccessDeniedException("the chain stores this grant for another patient");
        }

        if (info.Revoked)
        {
            throw new AccessDeniedException("the grant is revoked on chain");
        }

        // The contract's own liveness rule, at the chain's time (expiry, revocation, grantee still active).
        var probe = records.Count > 0 ? records[0] : RecordId.FromBytes(new byte[32]);
        var proof = GrantScope.Proof(records, probe)!;
        if (!await Chain.AccessControl.HasAccessAsync(grantRef, probe.ToBytes32(), [.. proof.Select(p => p.ToBytes32())], cancellationToken).ConfigureAwait(false))
        {
            throw new AccessDeniedException("the grant is no longer live on chain (expired, or this hospital is inactive)");
        }

        var history = await Chain.AccessControl.GetPatientHistoryAsync(grant.Patient.Address.ToString(), cancellationToken).ConfigureAwait(false);
        var created = history.FirstOrDefault(e => e.Kind == PatientAuditKind.GrantCreated && e.GrantId == grantId.ToBytes32());
        return created?.TransactionHash ?? throw new AccessDeniedException("the chain shows no creation event for this grant");
    }
}
