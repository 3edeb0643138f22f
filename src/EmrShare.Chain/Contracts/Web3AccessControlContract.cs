using EmrShare.Chain.Messages;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace EmrShare.Chain.Contracts;

/// <summary>Nethereum adapter of <see cref="IAccessControlContract"/>.</summary>
public sealed class Web3AccessControlContract(ContractClient client) : IAccessControlContract
{
    public string Address => client.Address;

    public async Task<GrantReceipt> SubmitGrantAsync(SignedGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var t = grant.Terms;
        var message = new GrantFunction
        {
            Patient = t.Patient,
            Grantee = t.Grantee,
            Scope = t.Scope.ToArray(),
            Purpose = t.Purpose,
            Expiry = t.Expiry,
            GrantNonce = t.Nonce,
            Signature = grant.Signature,
        };
        var receipt = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var created = receipt.DecodeAllEvents<GrantCreatedEvent>().Single().Event;
        return new GrantReceipt(ContractClient.ToChainReceipt(receipt), new GrantRef(t.Grantee, Bytes32.FromBytes(created.GrantId), t.Scope));
    }

    public Task<ChainReceipt> RevokeAsync(GrantRef grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return SendAsync(new RevokeFunction { Grantee = grant.Grantee, GrantId = grant.GrantId.ToArray(), Scope = grant.Scope.ToArray() }, cancellationToken);
    }

    public Task<ChainReceipt> RevokeBySignatureAsync(GrantRef grant, byte[] signature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var message = new RevokeBySigFunction { Grantee = grant.Grantee, GrantId = grant.GrantId.ToArray(), Scope = grant.Scope.ToArray(), Signature = signature };
        return SendAsync(message, cancellationToken);
    }

    public async Task<AccessRequestReceipt> RequestAccessAsync(GrantRef grant, Bytes32 recordId, string custodian, IReadOnlyList<Bytes32> proof, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var message = new RequestAccessFunction { GrantId = grant.GrantId.ToArray(), Scope = grant.Scope.ToArray(), RecordId = recordId.ToArray(), Custodian = custodian, Proof = ToList(proof) };
        var receipt = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var requested = receipt.DecodeAllEvents<AccessRequestedEvent>().Single().Event;
        return new AccessRequestReceipt(ContractClient.ToChainReceipt(receipt), Bytes32.FromBytes(requested.RequestId));
    }

    public Task<ChainReceipt> RecordFulfilmentAsync(Bytes32 requestId, Bytes32 deliveryHash, CancellationToken cancellationToken) =>
        SendAsync(new RecordFulfilmentFunction { RequestId = requestId.ToArray(), DeliveryHash = deliveryHash.ToArray() }, cancellationToken);

    public Task<ChainReceipt> RecordFulfilmentsAsync(IReadOnlyList<FulfilmentEntry> fulfilments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fulfilments);
        var message = new RecordFulfilmentsFunction
        {
            RequestIds = [.. fulfilments.Select(f => f.RequestId.ToArray())],
            DeliveryHashes = [.. fulfilments.Select(f => f.DeliveryHash.ToArray())],
        };
        return SendAsync(message, cancellationToken);
    }

    public async Task<AccessRequestReceipt> RequestEmergencyAccessAsync(string custodian, Bytes32 recordId, ushort reasonCode, CancellationToken cancellationToken)
    {
        var message = new RequestEmergencyAccessFunction { Custodian = custodian, RecordId = recordId.ToArray(), ReasonCode = reasonCode };
        var receipt = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var requested = receipt.DecodeAllEvents<EmergencyAccessRequestedEvent>().Single().Event;
        return new AccessRequestReceipt(ContractClient.ToChainReceipt(receipt), Bytes32.FromBytes(requested.RequestId));
    }

    public Task<ChainReceipt> RecordEmergencyFulfilmentAsync(Bytes32 requestId, string patientPseudonym, Bytes32 deliveryHash, CancellationToken cancellationToken) =>
        SendAsync(new RecordEmergencyFulfilmentFunction { RequestId = requestId.ToArray(), PatientPseudonym = patientPseudonym, DeliveryHash = deliveryHash.ToArray() }, cancellationToken);

    public async Task<EmergencyRequestInfo> GetEmergencyAsync(Bytes32 requestId, CancellationToken cancellationToken)
    {
        var o = await client.QueryObjectAsync<EmergencyOfFunction, EmergencyOutput>(new EmergencyOfFunction { RequestId = requestId.ToArray() }, cancellationToken).ConfigureAwait(false);
        return new EmergencyRequestInfo(o.Practitioner, o.ReasonCode);
    }

    public Task<ChainReceipt> BreakGlassAsync(string patientPseudonym, Bytes32 recordId, ushort reasonCode, CancellationToken cancellationToken) =>
        SendAsync(new BreakGlassFunction { PatientPseudonym = patientPseudonym, RecordId = recordId.ToArray(), ReasonCode = reasonCode }, cancellationToken);

    public Task<ChainReceipt> RecordAccessAsync(string patientPseudonym, Bytes32 recordId, AccessAction action, CancellationToken cancellationToken) =>
        SendAsync(new RecordAccessFunction { PatientPseudonym = patientPseudonym, RecordId = recordId.ToArray(), Action = (byte)action }, cancellationToken);

    public Task<bool> HasAccessAsync(GrantRef grant, Bytes32 recordId, IReadOnlyList<Bytes32> proof, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var message = new HasAccessFunction { Grantee = grant.Grantee, GrantId = grant.GrantId.ToArray(), Scope = grant.Scope.ToArray(), RecordId = recordId.ToArray(), Proof = ToList(proof) };
        return client.QueryAsync<HasAccessFunction, bool>(message, cancellationToken);
    }

    public async Task<GrantInfo> GetGrantAsync(GrantRef grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var message = new GrantOfFunction { Grantee = grant.Grantee, GrantId = grant.GrantId.ToArray(), Scope = grant.Scope.ToArray() };
        var o = await client.QueryObjectAsync<GrantOfFunction, GrantOutput>(message, cancellationToken).ConfigureAwait(false);
        return new GrantInfo(o.Patient, o.Purpose, o.Expiry, o.Revoked);
    }

    public async Task<AccessRequestInfo> GetRequestAsync(Bytes32 requestId, CancellationToken cancellationToken)
    {
        var o = await client.QueryObjectAsync<RequestOfFunction, RequestOutput>(new RequestOfFunction { RequestId = requestId.ToArray() }, cancellationToken).ConfigureAwait(false);
        return new AccessRequestInfo(Bytes32.FromBytes(o.GrantId), Bytes32.FromBytes(o.Scope), Bytes32.FromBytes(o.RecordId), o.Grantee, o.Fulfilled, o.Custodian);
    }

    public async Task<Bytes32> GetGrantDigestAsync(GrantTerms terms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var message = new GrantDigestFunction
        {
            Patient = terms.Patient,
            Grantee = terms.Grantee,
            Scope = terms.Scope.ToArray(),
            Purpose = terms.Purpose,
            Expiry = terms.Expiry,
            GrantNonce = terms.Nonce,
        };
        return Bytes32.FromBytes(await client.QueryAsync<GrantDigestFunction, byte[]>(message, cancellationToken).ConfigureAwait(false));
    }

    public async Task<Bytes32> GetRevokeDigestAsync(Bytes32 grantId, CancellationToken cancellationToken) =>
        Bytes32.FromBytes(await client.QueryAsync<RevokeDigestFunction, byte[]>(new RevokeDigestFunction { GrantId = grantId.ToArray() }, cancellationToken).ConfigureAwait(false));

    public async Task<Bytes32> GetDomainSeparatorAsync(CancellationToken cancellationToken) =>
        Bytes32.FromBytes(await client.QueryAsync<DomainSeparatorFunction, byte[]>(new DomainSeparatorFunction(), cancellationToken).ConfigureAwait(false));

    public async Task<Bytes32> GetGrantTypeHashAsync(CancellationToken cancellationToken) =>
        Bytes32.FromBytes(await client.QueryAsync<GrantTypeHashFunction, byte[]>(new GrantTypeHashFunction(), cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<BreakGlassAccess>> GetBreakGlassAccessesAsync(string patientPseudonym, CancellationToken cancellationToken)
    {
        var handler = client.Web3.Eth.GetEvent<BreakGlassAccessedEvent>(client.Address);
        var filter = handler.CreateFilterInput(patientPseudonym, BlockParameter.CreateEarliest(), BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. logs.Select(l => new BreakGlassAccess(
            l.Event.Patient, l.Event.Practitioner, l.Event.Hospital, Bytes32.FromBytes(l.Event.RecordId), l.Event.ReasonCode, l.Log.TransactionHash))];
    }

    public Task<IReadOnlyList<PatientAuditEntry>> GetPatientHistoryAsync(string patientPseudonym, CancellationToken cancellationToken) =>
        PatientHistoryReader.ReadAsync(client.Web3, client.Address, patientPseudonym, cancellationToken);

    private static List<byte[]> ToList(IReadOnlyList<Bytes32> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return [.. proof.Select(p => p.ToArray())];
    }

    private async Task<ChainReceipt> SendAsync<T>(T message, CancellationToken cancellationToken)
        where T : FunctionMessage, new() =>
        ContractClient.ToChainReceipt(await client.SendAsync(message, cancellationToken).ConfigureAwait(false));
}
