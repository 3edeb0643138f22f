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
        var grant = offer.Grant.Message;
        if (grant.Grantee != Address)
        {
            throw new AccessDeniedException("the grant names another hospital as grantee");
        }

        Eip712.VerifyGrant(offer.Grant, AccessDomain, _time);
        if (ScopeOf(offer.Records) != grant.Scope)
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
    /// Grantee side of a share: request the record on chain under the grant, ask the custodian to fulfil,
    /// then verify everything before storing (<see cref="ImportReceivedAsync"/>).
    /// </summary>
    public async Task<RecordReceived> RequestRecordAsync(Hash32 grantId, RecordId recordId, CancellationToken cancellationToken)
    {
        var grant = await Database.FindGrantAsync(grantId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such grant held here");
        var records = NodeJson.FromUtf8<List<RecordId>>(Encoding.UTF8.GetBytes(grant.RecordsJson));
        var proof = ProofFor(records, recordId);
        var grantRef = new GrantRef(Address.ToString(), grantId.ToBytes32(), Hash32.Parse(grant.Scope).ToBytes32());
        AccessRequestReceipt requested;
        try
        {
            requested = await Chain.AccessControl.RequestAccessAsync(grantRef, recordId.ToBytes32(), [.. proof.Select(p => p.ToBytes32())], cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the chain refused the request ({ex.ErrorName})", ex);
        }

        var message = new AccessRequest(grantId, recordId, Address, (ulong)_time.GetUtcNow().ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));
        var signed = Eip712.Sign(AccessDomain, message, _keys.Account);
        var custodian = _directory.Resolve(ChainAddress.Parse(grant.Custodian));
        var fulfilment = await custodian.Endpoint.FulfilAsync(new FulfilmentRequest(signed, requested.RequestId.ToHash32(), Hash32.Parse(grant.Scope), proof), cancellationToken).ConfigureAwait(false);
        return await ImportReceivedAsync(fulfilment, grantId, recordId, custodian, requested.Receipt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Custodian side: check the signed request, the on-chain request and grant (<c>hasAccess</c>), that the
    /// record belongs to the grant's patient, then re-wrap the data key for the grantee's registered encryption
    /// key and record the fulfilment on chain. Any failed check → <see cref="AccessDeniedException"/>.
    /// </summary>
    public async Task<Fulfilment> FulfilAsync(FulfilmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Eip712.VerifyAccessRequest(request.Request, AccessDomain, _time);
        var message = request.Request.Message;
        var requester = message.Requester.ToString();
        var onChain = await Chain.AccessControl.GetRequestAsync(request.RequestId.ToBytes32(), cancellationToken).ConfigureAwait(false);
        if (!string.Equals(onChain.Grantee, requester, StringComparison.OrdinalIgnoreCase) || onChain.GrantId.ToHash32() != message.GrantId
            || onChain.RecordId.ToHash32() != message.RecordId.AsHash32 || onChain.Scope.ToHash32() != request.Scope)
        {
            throw new AccessDeniedException("the signed request does not match the request on chain");
        }

        if (onChain.Fulfilled)
        {
            throw new AccessDeniedException("this request was already fulfilled");
        }

        var row = await Database.FindLatestRecordAsync(message.RecordId.ToString(), cancellationToken).ConfigureAwait(false);
        if (row is null || row.Origin != "local")
        {
            throw new UnknownEntityException("this hospital is not the custodian of that record");
        }

        if (row.WrappedKeySelf.Length == 0)
        {
            throw new AccessDeniedException("the record was erased at its custodian");
        }

        var grantRef = new GrantRef(requester, message.GrantId.ToBytes32(), request.Scope.ToBytes32());
        var grant = await Chain.AccessControl.GetGrantAsync(grantRef, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(grant.Patient, row.Pseudonym, StringComparison.OrdinalIgnoreCase))
        {
            throw new AccessDeniedException("the record belongs to another patient than the grant");
        }

        var proof = request.Proof.Select(p => p.ToBytes32()).ToList();
        if (!await Chain.AccessControl.HasAccessAsync(grantRef, message.RecordId.ToBytes32(), proof, cancellationToken).ConfigureAwait(false))
        {
            throw new AccessDeniedException("the chain says the grantee has no access (revoked, expired or out of scope)");
        }

        var grantee = await Chain.Registry.GetHospitalAsync(requester, cancellationToken).ConfigureAwait(false);
        var version = (uint)row.Version;
        var forGrantee = KeyWrapper.Rewrap(WrappedKey.Parse(row.WrappedKeySelf), _keys.Encryption, grantee.EncryptionKey, message.RecordId, version);
        ChainReceipt fulfilled;
        try
        {
            fulfilled = await Chain.AccessControl.RecordFulfilmentAsync(request.RequestId.ToBytes32(), forGrantee.Digest.ToBytes32(), cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the chain refused the fulfilment ({ex.ErrorName})", ex);
        }

        await AuditAsync("fulfil", row.RecordId, requester.ToLowerInvariant(), fulfilled.TransactionHash, cancellationToken).ConfigureAwait(false);
        return new Fulfilment(
            NodeJson.FromUtf8<RecordManifest>(Encoding.UTF8.GetBytes(row.ManifestJson)),
            EthSignature.Parse(row.ManifestSignature),
            NodeJson.FromUtf8<List<WrappedKey>>(Encoding.UTF8.GetBytes(row.ManifestKeysJson)),
            forGrantee,
            row.Cid,
            Hash32.Parse(row.Salt),
            row.ContentType,
            fulfilled.TransactionHash,
            (long)fulfilled.GasUsed);
    }

    /// <summary>The scope a grant over these records carries: zero for "all", else their Merkle root.</summary>
    public static Hash32 ScopeOf(IReadOnlyList<RecordId> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Count == 0 ? Hash32.Zero : new MerkleTree([.. records.Select(MerkleLeaves.ForScope)]).Root;
    }

    private static IReadOnlyList<Hash32> ProofFor(IReadOnlyList<RecordId> records, RecordId recordId)
    {
        if (records.Count == 0)
        {
            return [];
        }

        var index = records.ToList().IndexOf(recordId);
        if (index < 0)
        {
            throw new AccessDeniedException("the record is outside the grant's scope");
        }

        return new MerkleTree([.. records.Select(MerkleLeaves.ForScope)]).Proof(index);
    }
}
