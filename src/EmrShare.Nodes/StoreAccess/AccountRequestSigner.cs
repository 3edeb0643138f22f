using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using Nethereum.Signer;

namespace EmrShare.Nodes.StoreAccess;

/// <summary>
/// Signs this node's reads of a peer's store with its registered account key (a hospital's account, or a patient's
/// pseudonym key for that custodian), as <see cref="RegistryPeerAuthorizer"/> checks them.
/// </summary>
public sealed class AccountRequestSigner(EthECKey account) : Storage.Api.Access.IPeerRequestSigner
{
    private readonly string _address = account.GetPublicAddress().ToLowerInvariant();

    /// <summary>The digest both sides sign and recover: keccak256 of the canonical request bytes.</summary>
    public static byte[] Digest(byte[] payload) => Keccak.Hash(payload);

    /// <summary>A hospital's signer: its registered account key.</summary>
    public static AccountRequestSigner For(Hospital.HospitalKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new AccountRequestSigner(keys.Account);
    }

    public (string Account, string Signature) Sign(byte[] payload) =>
        (_address, EthSignature.Sign(Digest(payload), account).ToString());
}
