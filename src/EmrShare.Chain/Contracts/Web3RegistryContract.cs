using EmrShare.Chain.Messages;

namespace EmrShare.Chain.Contracts;

/// <summary>Nethereum adapter of <see cref="IRegistryContract"/>.</summary>
public sealed class Web3RegistryContract(ContractClient client) : IRegistryContract
{
    public string Address => client.Address;

    public Task<ChainReceipt> RegisterHospitalAsync(string hospital, byte[] encryptionKey, Bytes32 nameHash, CancellationToken cancellationToken) =>
        SendAsync(new RegisterHospitalFunction { Hospital = hospital, EncryptionKey = encryptionKey, NameHash = nameHash.ToArray() }, cancellationToken);

    public Task<ChainReceipt> DeactivateHospitalAsync(string hospital, CancellationToken cancellationToken) =>
        SendAsync(new DeactivateHospitalFunction { Hospital = hospital }, cancellationToken);

    public Task<ChainReceipt> RegisterPractitionerAsync(string practitioner, string hospital, CancellationToken cancellationToken) =>
        SendAsync(new RegisterPractitionerFunction { Practitioner = practitioner, Hospital = hospital }, cancellationToken);

    public Task<ChainReceipt> DeactivatePractitionerAsync(string practitioner, CancellationToken cancellationToken) =>
        SendAsync(new DeactivatePractitionerFunction { Practitioner = practitioner }, cancellationToken);

    public Task<ChainReceipt> RegisterPatientAsync(Bytes32 identityCommitment, CancellationToken cancellationToken) =>
        SendAsync(new RegisterPatientFunction { IdentityCommitment = identityCommitment.ToArray() }, cancellationToken);

    public Task<ChainReceipt> RegisterPseudonymsAsync(IReadOnlyList<string> pseudonyms, CancellationToken cancellationToken) =>
        SendAsync(new RegisterPseudonymsFunction { Pseudonyms = [.. pseudonyms] }, cancellationToken);

    public Task<ChainReceipt> TransferOwnershipAsync(string newOwner, CancellationToken cancellationToken) =>
        SendAsync(new TransferOwnershipFunction { NewOwner = newOwner }, cancellationToken);

    public Task<ChainReceipt> AcceptOwnershipAsync(CancellationToken cancellationToken) =>
        SendAsync(new AcceptOwnershipFunction(), cancellationToken);

    public Task<ChainReceipt> RenounceOwnershipAsync(CancellationToken cancellationToken) =>
        SendAsync(new RenounceOwnershipFunction(), cancellationToken);

    public Task<string> GetOwnerAsync(CancellationToken cancellationToken) =>
        client.QueryAsync<OwnerFunction, string>(new OwnerFunction(), cancellationToken);

    public Task<string> GetPendingOwnerAsync(CancellationToken cancellationToken) =>
        client.QueryAsync<PendingOwnerFunction, string>(new PendingOwnerFunction(), cancellationToken);

    public async Task<HospitalInfo> GetHospitalAsync(string hospital, CancellationToken cancellationToken)
    {
        var output = await client.QueryObjectAsync<HospitalOfFunction, HospitalOutput>(new HospitalOfFunction { Account = hospital }, cancellationToken).ConfigureAwait(false);
        return new HospitalInfo(hospital, output.EncryptionKey, Bytes32.FromBytes(output.NameHash), output.Active);
    }

    public Task<bool> IsActiveHospitalAsync(string account, CancellationToken cancellationToken) =>
        client.QueryAsync<IsActiveHospitalFunction, bool>(new IsActiveHospitalFunction { Account = account }, cancellationToken);

    public async Task<PractitionerInfo> GetPractitionerAsync(string practitioner, CancellationToken cancellationToken)
    {
        var output = await client.QueryObjectAsync<PractitionerOfFunction, PractitionerOutput>(new PractitionerOfFunction { Account = practitioner }, cancellationToken).ConfigureAwait(false);
        return new PractitionerInfo(practitioner, output.Employer, output.Active);
    }

    public Task<bool> IsPatientRegisteredAsync(Bytes32 identityCommitment, CancellationToken cancellationToken) =>
        client.QueryAsync<IsPatientRegisteredFunction, bool>(new IsPatientRegisteredFunction { IdentityCommitment = identityCommitment.ToArray() }, cancellationToken);

    public Task<bool> IsPatientPseudonymAsync(string account, CancellationToken cancellationToken) =>
        client.QueryAsync<IsPatientPseudonymFunction, bool>(new IsPatientPseudonymFunction { Account = account }, cancellationToken);

    private async Task<ChainReceipt> SendAsync<T>(T message, CancellationToken cancellationToken)
        where T : Nethereum.Contracts.FunctionMessage, new() =>
        ContractClient.ToChainReceipt(await client.SendAsync(message, cancellationToken).ConfigureAwait(false));
}
