using Nethereum.Signer;

namespace EmrShare.Core.Keys;

/// <summary>One stored key: its name and the address recorded in the file (readable without the passphrase).</summary>
public sealed record KeyStoreEntry(string Name, ChainAddress Address);

/// <summary>
/// Passphrase-protected keys of patients, hospitals, practitioners and the Center. A patient's master secret
/// is stored as a key too (it is a valid secp256k1 scalar with overwhelming probability).
/// </summary>
public interface IKeyStore
{
    Task SaveAsync(string name, EthECKey key, string passphrase, CancellationToken cancellationToken);

    /// <summary>Wrong passphrase → <see cref="KeystorePassphraseException"/>; unknown name → <see cref="KeystoreEntryNotFoundException"/>.</summary>
    Task<EthECKey> LoadAsync(string name, string passphrase, CancellationToken cancellationToken);

    Task<IReadOnlyList<KeyStoreEntry>> ListAsync(CancellationToken cancellationToken);
}
