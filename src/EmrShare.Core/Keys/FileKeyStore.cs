using System.Text.Json;
using System.Text.RegularExpressions;
using EmrShare.Core.Crypto;
using EmrShare.Core.IO;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.Model;
using Nethereum.Signer;

namespace EmrShare.Core.Keys;

/// <summary>
/// <see cref="IKeyStore"/> as one Web3 Secret Storage v3 file per key (scrypt + AES-128-CTR, Nethereum.KeyStore),
/// interoperable with geth/MetaMask. Files are written atomically and readable by the owner only.
/// </summary>
public sealed partial class FileKeyStore : IKeyStore
{
    private readonly string _directory;
    private readonly ScryptParams _scrypt;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _belowPolicy = new(StringComparer.Ordinal);

    /// <param name="directory">Folder holding the key files; created if missing.</param>
    /// <param name="scryptN">scrypt cost of new keys; the standard 262144 by default, at least <see cref="KeystorePolicy.MinimumScryptN"/> outside tests.</param>
    public FileKeyStore(string directory, int scryptN = 262_144)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(scryptN, 2);
        KeystorePolicy.EnsureCost(scryptN);
        _directory = directory;
        _scrypt = new ScryptParams { N = scryptN, R = 8, P = 1, Dklen = 32 };
        PrivateFiles.CreateDirectory(directory);
    }

    public async Task SaveAsync(string name, EthECKey key, string passphrase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        KeystorePolicy.EnsurePassphrase(passphrase);
        var path = PathOf(name);
        var scalar = key.ToBytes32();
        var json = await Task.Run(
            () => new KeyStoreScryptService().EncryptAndGenerateKeyStoreAsJson(passphrase, scalar, key.Address().Lower, _scrypt),
            cancellationToken);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(scalar);
        await PrivateFiles.WriteAllTextAsync(path, json, cancellationToken);
    }

    public async Task<EthECKey> LoadAsync(string name, string passphrase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new KeystoreEntryNotFoundException($"no key named '{name}'");
        }

        var json = await File.ReadAllTextAsync(path, cancellationToken);
        try
        {
            var scalar = await Task.Run(() => new KeyStoreService().DecryptKeyStoreFromJson(passphrase, json), cancellationToken);
            NoteCost(name, json);
            return PrivateKeys.FromScalar(scalar);
        }
        catch (DecryptionException ex)
        {
            throw new KeystorePassphraseException($"wrong passphrase for key '{name}'", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nethereum reports malformed files with a bare Exception; any of them means "not a usable key file".
            throw new EnvelopeFormatException($"key file '{name}' is not a valid v3 keystore", ex);
        }
    }

    public async Task<IReadOnlyList<KeyStoreEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<KeyStoreEntry>();
        foreach (var path in Directory.EnumerateFiles(_directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!NamePattern().IsMatch(name))
            {
                continue;
            }

            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            if (document.RootElement.TryGetProperty("address", out var address) && address.GetString() is { } text)
            {
                entries.Add(new KeyStoreEntry(name, ChainAddress.Parse(text)));
            }
        }

        return entries;
    }

    /// <summary>
    /// Keys opened in this process whose file uses a scrypt N below <see cref="KeystorePolicy.MinimumScryptN"/> (name → N):
    /// written before the policy, they still open, and the caller tells the operator to re-encrypt them.
    /// </summary>
    public IReadOnlyDictionary<string, int> OpenedBelowPolicy => _belowPolicy;

    private void NoteCost(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var crypto = document.RootElement.TryGetProperty("crypto", out var lower) ? lower : document.RootElement.GetProperty("Crypto");
        if (crypto.TryGetProperty("kdfparams", out var kdf) && kdf.TryGetProperty("n", out var n) && n.TryGetInt32(out var cost) && cost < KeystorePolicy.MinimumScryptN)
        {
            _belowPolicy[name] = cost;
        }
    }

    private string PathOf(string name)
    {
        // The name becomes a file name: a strict pattern rules out path traversal.
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw new KeystoreEntryNotFoundException("key names are 1–64 characters of letters, digits, '.', '_' or '-'");
        }

        return Path.Combine(_directory, name + ".json");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
