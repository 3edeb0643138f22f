using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Storage.Api.Access;

namespace EmrShare.Nodes.StoreAccess;

/// <summary>
/// Admits a peer read to this node's store when its signature recovers to the claimed account and the Registry
/// says that account is an active hospital or a registered patient pseudonym (a patient's wallet reads the
/// ciphertext its custodians hold with the pseudonym key it uses there). Everything else is refused.
/// </summary>
public sealed class RegistryPeerAuthorizer(IRegistryContract registry) : IPeerAuthorizer
{
    public async Task<PeerPrincipal?> AuthorizeAsync(SignedPeerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ChainAddress claimed;
        ChainAddress signer;
        try
        {
            claimed = ChainAddress.Parse(request.Account);
            signer = EthSignature.Parse(request.Signature).Recover(AccountRequestSigner.Digest(request.Payload));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or EmrShareSecurityException)
        {
            return null;
        }

        if (signer != claimed)
        {
            return null;
        }

        if (await registry.IsActiveHospitalAsync(claimed.Lower, cancellationToken).ConfigureAwait(false))
        {
            return new PeerPrincipal(claimed.Lower, PeerKind.Hospital);
        }

        return await registry.IsPatientPseudonymAsync(claimed.Lower, cancellationToken).ConfigureAwait(false)
            ? new PeerPrincipal(claimed.Lower, PeerKind.Patient)
            : null;
    }
}
