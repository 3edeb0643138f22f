using EmrShare.Core.Keys;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Keys;

/// <summary>Runs alone: it switches the process-wide test-only variable off to see the production policy.</summary>
[CollectionDefinition(nameof(KeystorePolicyCollection), DisableParallelization = true)]
public sealed class KeystorePolicyCollection;

/// <summary>Keystore KDF policy (finding 15.6): N ≥ 2^17 and passphrases ≥ 12 outside tests; older cheaper files still open and are named.</summary>
[Collection(nameof(KeystorePolicyCollection))]
public sealed class KeystorePolicyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("emrshare-kdf-").FullName;

    [Fact]
    public void NewKeystore_CheapCostWithoutTestFlag_Refused()
    {
        using var production = new ProductionPolicy();
        var ex = Assert.Throws<KeystorePolicyException>(() => new FileKeyStore(_directory, 1024));
        Assert.Contains("131072", ex.Message, StringComparison.Ordinal);
        Assert.Throws<KeystorePolicyException>(() => new FileKeyStore(_directory, KeystorePolicy.MinimumScryptN / 2));
        _ = new FileKeyStore(_directory, KeystorePolicy.MinimumScryptN);
        _ = new FileKeyStore(_directory); // the default (2^18) passes
    }

    [Fact]
    public async Task Save_ShortPassphraseWithoutTestFlag_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        FileKeyStore store;
        using (new ProductionPolicy())
        {
            store = new FileKeyStore(_directory, KeystorePolicy.MinimumScryptN);
            await Assert.ThrowsAsync<KeystorePolicyException>(() => store.SaveAsync("short", EthECKey.GenerateKey(), "elevenchars", ct));
        }

        Assert.False(File.Exists(Path.Combine(_directory, "short.json")));
    }

    [Fact]
    public async Task Load_FileBelowPolicy_OpensAndIsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = EthECKey.GenerateKey();
        await new FileKeyStore(_directory, 1024).SaveAsync("old", key, "pw", ct); // written under the test-only switch, like a pre-policy file
        using var production = new ProductionPolicy();
        var store = new FileKeyStore(_directory, KeystorePolicy.MinimumScryptN);
        Assert.Equal(key.GetPublicAddress(), (await store.LoadAsync("old", "pw", ct)).GetPublicAddress());
        Assert.Equal(1024, store.OpenedBelowPolicy["old"]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Switches the test-only variable off for the scope, on again after.</summary>
    private sealed class ProductionPolicy : IDisposable
    {
        public ProductionPolicy() => Environment.SetEnvironmentVariable(KeystorePolicy.TestOnlyVariable, null);

        public void Dispose() => Environment.SetEnvironmentVariable(KeystorePolicy.TestOnlyVariable, "1");
    }
}
