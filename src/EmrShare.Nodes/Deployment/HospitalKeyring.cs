using System.Globalization;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Keys;
using EmrShare.Nodes.Hospital;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// A hospital's keys in its passphrase-protected keystore: <c>account</c> (chain account), <c>encryption</c>
/// (data keys are wrapped for it) and <c>practitioner-0</c>, <c>practitioner-1</c>, … (manifest signers).
/// </summary>
public static class HospitalKeyring
{
    public const string AccountName = "account";
    public const string EncryptionName = "encryption";
    private const string PractitionerPrefix = "practitioner-";

    /// <summary>Creates the keys; <paramref name="accountKey"/> may be an existing funded key (e.g. a dev account on Hardhat).</summary>
    public static async Task<HospitalKeys> CreateAsync(IKeyStore store, string passphrase, byte[]? accountKey, int practitioners, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(practitioners, 1);
        if ((await store.ListAsync(cancellationToken).ConfigureAwait(false)).Any(e => e.Name == AccountName))
        {
            throw new DeploymentFileException("this data folder already holds hospital keys");
        }

        var account = accountKey ?? Secp256k1.NewAccountKey();
        if (!Secp256k1.IsAccountKey(account))
        {
            throw new DeploymentFileException("the account key must be 32 bytes with a non-zero first byte");
        }

        var keys = new List<(string Name, byte[] Key)> { (AccountName, account), (EncryptionName, Secp256k1.NewAccountKey()) };
        keys.AddRange(Enumerable.Range(0, practitioners).Select(i => (PractitionerName(i), Secp256k1.NewAccountKey())));
        foreach (var (name, key) in keys)
        {
            await store.SaveAsync(name, PrivateKeys.FromScalar(key), passphrase, cancellationToken).ConfigureAwait(false);
        }

        return ToHospitalKeys(keys.Select(k => k.Key).ToList());
    }

    /// <summary>Loads every key; a wrong passphrase fails on the first with <see cref="KeystorePassphraseException"/>.</summary>
    public static async Task<HospitalKeys> LoadAsync(IKeyStore store, string passphrase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entries = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var practitioners = entries.Count(e => e.Name.StartsWith(PractitionerPrefix, StringComparison.Ordinal));
        var names = new List<string> { AccountName, EncryptionName };
        names.AddRange(Enumerable.Range(0, practitioners).Select(PractitionerName));
        var keys = new List<byte[]>();
        foreach (var name in names)
        {
            keys.Add((await store.LoadAsync(name, passphrase, cancellationToken).ConfigureAwait(false)).ToBytes32());
        }

        return ToHospitalKeys(keys);
    }

    private static string PractitionerName(int index) => PractitionerPrefix + index.ToString(CultureInfo.InvariantCulture);

    private static HospitalKeys ToHospitalKeys(IReadOnlyList<byte[]> keys) =>
        new(HexBytes.ToHex(keys[0]), HexBytes.ToHex(keys[1]), keys.Skip(2).Select(k => HexBytes.ToHex(k)).ToList());
}
