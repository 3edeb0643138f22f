using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Core.Merkle;
using EmrShare.Core.Signing;

namespace EmrShare.Wallet.Vault;

/// <summary>The patient's registration request for the Center, in the form its register-patient form and API accept.</summary>
public sealed record RegistrationRequest(Hash32 IdentityCommitment, IReadOnlyList<ChainAddress> Pseudonyms, ChainAddress IndexAccount, IReadOnlyList<PseudonymRegistration> Proofs);

public sealed partial class WalletSession
{
    /// <summary>
    /// Signs, on this device, a grant letting <paramref name="grantee"/> read <paramref name="records"/> held by
    /// <paramref name="custodian"/> (empty: everything it holds about the patient, scope zero) until
    /// <paramref name="expiry"/>, with the pseudonym key at the custodian. The scope is Core's <see cref="GrantScope"/>
    /// (its 256-record limit refuses a longer list with <see cref="ArgumentException"/>).
    /// </summary>
    public SignedTypedData<Grant> SignGrant(Eip712Domain accessControl, ChainAddress custodian, ChainAddress grantee, GrantPurpose purpose, DateTimeOffset expiry, IReadOnlyList<RecordId> records)
    {
        var grant = new Grant(Identity.PseudonymAt(custodian), grantee, GrantScope.Of(records), purpose, (ulong)expiry.ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));
        return Eip712.Sign(accessControl, grant, Identity.PseudonymKey(custodian));
    }

    /// <summary>
    /// Signs the handover of a relayed <paramref name="grant"/> to its grantee (Core's <see cref="GrantHandover"/>, the
    /// server-side wallet's format), with the grant's own key, for this patient's pseudonym at the grantee.
    /// </summary>
    public SignedTypedData<GrantHandover> SignHandover(Eip712Domain accessControl, Grant grant, ChainAddress custodian, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return GrantHandover.Sign(accessControl, grant, Identity.PseudonymAt(grant.Grantee).Address, Identity.PseudonymKey(custodian), time);
    }

    /// <summary>Signs Revoke(grantId) with the pseudonym key at the custodian that signed the grant.</summary>
    public EthSignature SignRevocation(Eip712Domain accessControl, ChainAddress custodian, Hash32 grantId) =>
        Eip712.Sign(accessControl, new Revoke(grantId), Identity.PseudonymKey(custodian)).Signature;

    /// <summary>
    /// The registration request (as <c>patient enrol</c> makes it): the identity commitment under a fresh salt, the
    /// pseudonym at each hospital with its proof of possession for this chain and Registry, and the index account.
    /// </summary>
    public RegistrationRequest RegistrationRequest(IReadOnlyList<ChainAddress> hospitals, ulong chainId, ChainAddress registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(hospitals);
        var salt = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));
        var distinct = hospitals.Distinct().ToList();
        return new RegistrationRequest(Identity.IdentityCommitment(salt), [.. distinct.Select(h => Identity.PseudonymAt(h).Address)], Identity.IndexKey().Address(),
            [.. distinct.Select(h => PseudonymRegistration.Create(Identity, h, salt, chainId, registry, time))]);
    }
}
