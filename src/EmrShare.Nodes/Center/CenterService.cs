using System.Text;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using Nethereum.Web3;

namespace EmrShare.Nodes.Center;

/// <summary>
/// The Blockchain Center: owns the Registry, registers hospitals, practitioners and patients (identity
/// commitment plus a batch of pseudonyms with no on-chain link between them), funds patients' index accounts
/// with gas and relays patient-signed revocations (so a pseudonym never needs ether of its own).
/// </summary>
public sealed partial class CenterService : Patient.IRevocationRelay
{
    private readonly IWeb3 _web3;
    private long _hospitalChanges;

    private CenterService(IWeb3 web3, EmrShareAddresses addresses, ChainAccess access)
    {
        _web3 = web3;
        Addresses = addresses;
        ChainAccessUsed = access;
        Chain = new EmrShareChain(web3, addresses);
    }

    public EmrShareAddresses Addresses { get; }

    public ChainAccess ChainAccessUsed { get; }

    public IEmrShareChain Chain { get; }

    public ChainAddress Address => ChainAddress.Parse(_web3.TransactionManager.Account.Address);

    /// <summary>Counts hospital registrations and deactivations sent by this Center (caches of the hospital list compare it).</summary>
    public long HospitalChanges => Interlocked.Read(ref _hospitalChanges);

    /// <summary>Deploys the four contracts and binds the Registry's mirrors; the Center key becomes the owner.</summary>
    public static async Task<CenterService> DeployAsync(ChainAccess access, string centerKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var web3 = access.Connect(centerKey);
        var addresses = await EmrShareDeployment.DeployAndBindAsync(web3, cancellationToken).ConfigureAwait(false);
        return new CenterService(web3, addresses, access);
    }

    /// <summary>Attaches to an existing deployment.</summary>
    public static CenterService Attach(ChainAccess access, string centerKey, EmrShareAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new CenterService(access.Connect(centerKey), addresses, access);
    }

    /// <summary>Registers a hospital by address and encryption key; only keccak256 of its name goes on chain.</summary>
    public async Task<ChainReceipt> RegisterHospitalAsync(ChainAddress hospital, byte[] encryptionPublicKey, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameHash = Hash32.FromBytes(Keccak.Hash(Encoding.UTF8.GetBytes(name)));
        try
        {
            return await Chain.Registry.RegisterHospitalAsync(hospital.ToString(), encryptionPublicKey, nameHash.ToBytes32(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Increment(ref _hospitalChanges);
        }
    }

    public Task<ChainReceipt> RegisterPractitionerAsync(ChainAddress practitioner, ChainAddress hospital, CancellationToken cancellationToken) =>
        Chain.Registry.RegisterPractitionerAsync(practitioner.ToString(), hospital.ToString(), cancellationToken);

    /// <summary>
    /// Marks a hospital inactive in the Registry (a closed site, a lost or compromised key): patients then refuse to
    /// visit it and the contracts refuse its grants and requests. The one operation behind
    /// <c>center deactivate-hospital</c> and the Center dashboard's registry list.
    /// </summary>
    public async Task<ChainReceipt> DeactivateHospitalAsync(ChainAddress hospital, CancellationToken cancellationToken)
    {
        try
        {
            return await Chain.Registry.DeactivateHospitalAsync(hospital.ToString(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Increment(ref _hospitalChanges);
        }
    }

    /// <summary>Marks a practitioner inactive (left the hospital, key compromised): their signatures stop verifying.</summary>
    public Task<ChainReceipt> DeactivatePractitionerAsync(ChainAddress practitioner, CancellationToken cancellationToken) =>
        Chain.Registry.DeactivatePractitionerAsync(practitioner.ToString(), cancellationToken);

    /// <summary>
    /// Registers one patient: an enrolment round of one (see <see cref="RegisterPatientsAsync"/>). A round of one
    /// patient lets a chain observer see which pseudonyms were registered together; deployments enrol through
    /// <see cref="EnrolmentQueue"/>, which waits for k patients (tests and tools use this shortcut).
    /// </summary>
    public Task<IReadOnlyList<ChainReceipt>> RegisterPatientAsync(Hash32 identityCommitment, IReadOnlyList<ChainAddress> pseudonyms, ChainAddress indexAccount, decimal indexGasEther, CancellationToken cancellationToken) =>
        RegisterPatientsAsync([new Deployment.PatientRegistrationRequest(identityCommitment, pseudonyms, indexAccount)], indexGasEther, cancellationToken);

    /// <summary>
    /// One enrolment round: every patient's identity commitment (one transaction each), then ONE
    /// <c>registerPseudonyms</c> batch holding all their pseudonyms and index accounts shuffled together, then the
    /// index accounts' gas in shuffled order. On chain, two pseudonyms of the same patient then share exactly what
    /// two pseudonyms of different patients of the round share, so an observer cannot pair them better than
    /// chance (k-anonymity with k = patients in the round; docs/threat-model.md, finding A1).
    /// </summary>
    public async Task<IReadOnlyList<ChainReceipt>> RegisterPatientsAsync(IReadOnlyList<Deployment.PatientRegistrationRequest> round, decimal indexGasEther, CancellationToken cancellationToken)
    {
        var steps = await RunRoundAsync(round, indexGasEther, resume: false, cancellationToken).ConfigureAwait(false);
        return [.. steps.Select(s => s.Receipt)];
    }

    /// <summary>Relays a patient-signed EIP-712 Revoke(grantId); the contract checks the signature, not the sender.</summary>
    public async Task<ChainReceipt> RelayRevocationAsync(GrantRef grant, EthSignature signature, CancellationToken cancellationToken)
    {
        try
        {
            return await Chain.AccessControl.RevokeBySignatureAsync(grant, signature.ToBytes(), cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the chain refused the revocation ({ex.ErrorName})", ex);
        }
    }
}
