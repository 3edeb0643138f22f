namespace EmrShare.Chain;

/// <summary>The Registry contract as seen by one sending account (the Center, a hospital, ...).</summary>
public interface IRegistryContract
{
    string Address { get; }

    Task<ChainReceipt> RegisterHospitalAsync(string hospital, byte[] encryptionKey, Bytes32 nameHash, CancellationToken cancellationToken);

    Task<ChainReceipt> DeactivateHospitalAsync(string hospital, CancellationToken cancellationToken);

    Task<ChainReceipt> RegisterPractitionerAsync(string practitioner, string hospital, CancellationToken cancellationToken);

    Task<ChainReceipt> DeactivatePractitionerAsync(string practitioner, CancellationToken cancellationToken);

    Task<ChainReceipt> RegisterPatientAsync(Bytes32 identityCommitment, CancellationToken cancellationToken);

    Task<ChainReceipt> RegisterPseudonymsAsync(IReadOnlyList<string> pseudonyms, CancellationToken cancellationToken);

    Task<ChainReceipt> TransferOwnershipAsync(string newOwner, CancellationToken cancellationToken);

    Task<ChainReceipt> AcceptOwnershipAsync(CancellationToken cancellationToken);

    Task<ChainReceipt> RenounceOwnershipAsync(CancellationToken cancellationToken);

    Task<string> GetOwnerAsync(CancellationToken cancellationToken);

    Task<string> GetPendingOwnerAsync(CancellationToken cancellationToken);

    Task<HospitalInfo> GetHospitalAsync(string hospital, CancellationToken cancellationToken);

    Task<bool> IsActiveHospitalAsync(string account, CancellationToken cancellationToken);

    Task<PractitionerInfo> GetPractitionerAsync(string practitioner, CancellationToken cancellationToken);

    Task<bool> IsPatientRegisteredAsync(Bytes32 identityCommitment, CancellationToken cancellationToken);

    Task<bool> IsPatientPseudonymAsync(string account, CancellationToken cancellationToken);
}
