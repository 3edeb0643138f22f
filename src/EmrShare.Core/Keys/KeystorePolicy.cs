using EmrShare.Core.Errors;

namespace EmrShare.Core.Keys;

/// <summary>A keystore refused by <see cref="KeystorePolicy"/>: too cheap a scrypt cost or too short a passphrase.</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class KeystorePolicyException(string message) : EmrShareSecurityException(message);

/// <summary>
/// What a new keystore must cost an attacker: scrypt N ≥ 2^17 (r = 8, p = 1: 128 MiB and about half a second per
/// guess here) and a passphrase of at least 12 characters. Test suites lower both by setting the test-only environment
/// variable <see cref="TestOnlyVariable"/> to <c>1</c>, which no deployment sets. Keystores written before this
/// policy with a lower N still open; <see cref="FileKeyStore.OpenedBelowPolicy"/> names them so the operator is told.
/// </summary>
public static class KeystorePolicy
{
    public const int MinimumScryptN = 1 << 17;

    public const int MinimumPassphraseLength = 12;

    /// <summary>Set to <c>1</c> only by test suites (docs/threat-model.md): lifts both minimums so thousands of keystores stay fast.</summary>
    public const string TestOnlyVariable = "EMRSHARE_TEST_ONLY_WEAK_KEYSTORE";

    public static bool TestOnlyWeakAllowed => Environment.GetEnvironmentVariable(TestOnlyVariable) == "1";

    public static void EnsureCost(int scryptN)
    {
        if (scryptN < MinimumScryptN && !TestOnlyWeakAllowed)
        {
            throw new KeystorePolicyException($"a keystore's scrypt cost N must be at least {MinimumScryptN} (2^17); {scryptN} is for tests only ({TestOnlyVariable}=1)");
        }
    }

    public static void EnsurePassphrase(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (passphrase.EnumerateRunes().Count() < MinimumPassphraseLength && !TestOnlyWeakAllowed)
        {
            throw new KeystorePolicyException($"a keystore passphrase must be at least {MinimumPassphraseLength} characters long");
        }
    }
}
