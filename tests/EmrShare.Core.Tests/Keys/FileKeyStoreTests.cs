using System.Text.Json;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Core.Keys;
using Nethereum.KeyStore;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Keys;

public sealed class FileKeyStoreTests : IDisposable
{
    // Small scrypt cost keeps the tests fast; production uses the standard N = 262144.
    private const int TestScryptN = 1024;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "emrshare-keystore-" + Guid.NewGuid().ToString("N"));
    private readonly FileKeyStore _store;

    public FileKeyStoreTests() => _store = new FileKeyStore(_directory, TestScryptN);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoadAsync_AfterSave_ReturnsSameKey()
    {
        var key = EthECKey.GenerateKey();
        await _store.SaveAsync("hospital-a", key, "correct horse", Ct);
        var loaded = await _store.LoadAsync("hospital-a", "correct horse", Ct);
        Assert.Equal(key.ToBytes32(), loaded.ToBytes32());
        Assert.Equal(key.Address(), loaded.Address());
    }

    [Fact]
    public async Task LoadAsync_WrongPassphrase_ThrowsPassphrase()
    {
        await _store.SaveAsync("center", EthECKey.GenerateKey(), "right", Ct);
        await Assert.ThrowsAsync<KeystorePassphraseException>(() => _store.LoadAsync("center", "wrong", Ct));
    }

    [Fact]
    public async Task LoadAsync_UnknownOrUnsafeName_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<KeystoreEntryNotFoundException>(() => _store.LoadAsync("nobody", "x", Ct));
        await Assert.ThrowsAsync<KeystoreEntryNotFoundException>(() => _store.LoadAsync("../etc/passwd", "x", Ct));
    }

    [Fact]
    public async Task LoadAsync_CorruptFile_ThrowsFormat()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "broken.json"), "{\"version\":3}", Ct);
        await Assert.ThrowsAsync<EnvelopeFormatException>(() => _store.LoadAsync("broken", "x", Ct));
    }

    [Fact]
    public async Task ListAsync_SavedKeys_ReturnsNamesAndAddresses()
    {
        var a = EthECKey.GenerateKey();
        var b = EthECKey.GenerateKey();
        await _store.SaveAsync("b-practitioner", b, "p", Ct);
        await _store.SaveAsync("a-patient", a, "p", Ct);
        var entries = await _store.ListAsync(Ct);
        Assert.Equal([new KeyStoreEntry("a-patient", a.Address()), new KeyStoreEntry("b-practitioner", b.Address())], entries);
    }

    [Fact]
    public async Task SaveAsync_WritesStandardV3ScryptFile()
    {
        var key = EthECKey.GenerateKey();
        await _store.SaveAsync("std", key, "pw", Ct);
        var json = await File.ReadAllTextAsync(Path.Combine(_directory, "std.json"), Ct);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(3, document.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("scrypt", document.RootElement.GetProperty("crypto").GetProperty("kdf").GetString());
        Assert.DoesNotContain(Convert.ToHexStringLower(key.ToBytes32()), json, StringComparison.Ordinal);
        // Readable by an independent v3 implementation path (Nethereum's generic service).
        Assert.Equal(key.ToBytes32(), new KeyStoreService().DecryptKeyStoreFromJson("pw", json));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "std.json")));
        }
    }

    [Fact]
    public async Task SaveAsync_PatientMasterSecret_RestoresSamePseudonyms()
    {
        using var patient = PatientIdentity.Create();
        var hospital = ChainAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        await _store.SaveAsync("patient-master", PrivateKeys.FromScalar(patient.ExportMasterSecret()), "pw", Ct);
        var loaded = await _store.LoadAsync("patient-master", "pw", Ct);
        using var restored = PatientIdentity.FromMasterSecret(loaded.ToBytes32());
        Assert.Equal(patient.PseudonymAt(hospital), restored.PseudonymAt(hospital));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
