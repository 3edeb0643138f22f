using System.ComponentModel;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Keys;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>An actor's passphrase-protected keystore (Web3 Secret Storage v3 files) under <c>&lt;data&gt;/keys</c>.</summary>
public static class Keystores
{
    /// <summary>Opens an existing keystore; a folder without one is "not initialised", not silently created.</summary>
    public static FileKeyStore OpenExisting(ActorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Directory.Exists(settings.KeysDirectory)
            ? new FileKeyStore(settings.KeysDirectory)
            : throw new KeystoreEntryNotFoundException($"no keystore in {settings.Data}");
    }

    /// <summary>Creates the keystore of a new actor; refuses a folder that already has one.</summary>
    public static FileKeyStore Create(ActorSettings settings, int scryptN)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Directory.Exists(settings.KeysDirectory) && Directory.EnumerateFiles(settings.KeysDirectory, "*.json").Any())
        {
            throw new CliUsageException($"{settings.Data} is already initialised (it has a keystore)");
        }

        return new FileKeyStore(settings.KeysDirectory, scryptN);
    }

    /// <summary>Reads a private key (hex, optional 0x) from a file, e.g. a funded development account.</summary>
    public static byte[] ReadKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"key file not found: {path}");
        }

        var key = HexBytes.Parse(File.ReadLines(path).FirstOrDefault()?.Trim(), 32, "private key");
        return Secp256k1.IsAccountKey(key) ? key : throw new CliUsageException("the key file's key must have a non-zero first byte");
    }
}

/// <summary>Options of the <c>init</c> commands that create a keystore.</summary>
public class InitSettings : ActorSettings
{
    [CommandOption("--scrypt-n <N>")]
    [Description("scrypt cost of the new keystore (default 262144, the Web3 standard; at least 131072). Lower only in test suites, which set EMRSHARE_TEST_ONLY_WEAK_KEYSTORE=1.")]
    [DefaultValue(262_144)]
    public int ScryptN { get; init; } = 262_144;

    public override Spectre.Console.ValidationResult Validate() =>
        ScryptN < 2 || (ScryptN & (ScryptN - 1)) != 0
            ? Spectre.Console.ValidationResult.Error("--scrypt-n must be a power of two ≥ 2")
            : ScryptN < KeystorePolicy.MinimumScryptN && !KeystorePolicy.TestOnlyWeakAllowed
                ? Spectre.Console.ValidationResult.Error($"--scrypt-n must be at least {KeystorePolicy.MinimumScryptN} (2^17); lower costs are for test suites only ({KeystorePolicy.TestOnlyVariable}=1)")
                : base.Validate();
}
