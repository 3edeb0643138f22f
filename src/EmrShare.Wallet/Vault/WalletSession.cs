using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;

namespace EmrShare.Wallet.Vault;

/// <summary>
/// The unlocked wallet: the patient's identity, in this tab's memory only, from unlock to lock (or closing the
/// tab). Every key is derived from it on the device with EmrShare.Core.
/// </summary>
public sealed partial class WalletSession : IDisposable
{
    private PatientIdentity? _identity;

    public bool IsUnlocked => _identity is not null;

    /// <summary>Takes ownership of a copy of the secret; the caller clears its own.</summary>
    public void Unlock(ReadOnlySpan<byte> masterSecret)
    {
        Lock();
        _identity = PatientIdentity.FromMasterSecret(masterSecret);
    }

    public void Lock()
    {
        _identity?.Dispose();
        _identity = null;
    }

    /// <summary>The pseudonym this wallet uses at <paramref name="hospital"/>.</summary>
    public Pseudonym PseudonymAt(ChainAddress hospital) => Identity.PseudonymAt(hospital);

    /// <summary>The address of the medical-index account.</summary>
    public ChainAddress IndexAddress => Identity.IndexKey().Address();

    /// <summary>The pseudonym key for <paramref name="hospital"/>, derived here, for the check-in handshake and unwrapping record keys.</summary>
    public Nethereum.Signer.EthECKey PseudonymKey(ChainAddress hospital) => Identity.PseudonymKey(hospital);

    /// <summary>The key of this phone's encrypted record store (Records/DeviceStore.cs); the caller zeroes it.</summary>
    public byte[] DeviceStoreKey()
    {
        var index = Identity.IndexKey().ToBytes32();
        try
        {
            return Records.DeviceStore.DeriveKey(index);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(index);
        }
    }

    public void Dispose() => Lock();

    private PatientIdentity Identity => _identity ?? throw new InvalidOperationException("the wallet is locked");
}
