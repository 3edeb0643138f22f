namespace EmrShare.Cli.Commands.Shared;

/// <summary>Where a keystore passphrase comes from: <c>--passphrase-file</c>, else <c>EMRSHARE_PASSPHRASE</c>.</summary>
public static class Passphrases
{
    public const string EnvironmentVariable = "EMRSHARE_PASSPHRASE";

    public static string Resolve(string? file)
    {
        string? passphrase;
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new CliUsageException($"passphrase file not found: {file}");
            }

            // First line only, so an editor's trailing newline is not part of the passphrase.
            passphrase = File.ReadLines(file).FirstOrDefault();
        }
        else
        {
            passphrase = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        return string.IsNullOrEmpty(passphrase)
            ? throw new CliUsageException($"no passphrase: pass --passphrase-file FILE or set {EnvironmentVariable}")
            : passphrase;
    }
}
