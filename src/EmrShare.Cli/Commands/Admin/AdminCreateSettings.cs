using System.ComponentModel;
using EmrShare.Cli.Commands.Serve;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Admin;

/// <summary>
/// <c>emrshare center|hospital admin create</c>: the account's name, the actor's data folder (<c>--data</c>, or the
/// <c>Host:DataFolder</c> of the host's <c>--config</c>) and where the password comes from. The password is never an
/// argument (it would show in the process list and the shell history): <c>--password-file</c>, the
/// <c>EMRSHARE_ADMIN_PASSWORD</c> environment variable, or a prompt on the terminal.
/// </summary>
public sealed class AdminCreateSettings : CommandSettings
{
    [CommandOption("--user <NAME>")]
    [Description("The new administrator's user name. Required.")]
    public string? User { get; init; }

    [CommandOption("--data <DIR>")]
    [Description("The actor's data folder (the host keeps its accounts in web-accounts.db there).")]
    public string? DataDirectory { get; init; }

    [CommandOption("--config <FILE>")]
    [Description("Instead of --data: the host's JSON config; its Host:DataFolder is used.")]
    public string? Config { get; init; }

    [CommandOption("--password-file <FILE>")]
    [Description("File whose first line is the password (default: the EMRSHARE_ADMIN_PASSWORD environment variable, else a prompt).")]
    public string? PasswordFile { get; init; }

    /// <summary>Accepted only to refuse it with a clear message: a password on the command line leaks.</summary>
    [CommandOption("--password <VALUE>", IsHidden = true)]
    public string? Password { get; init; }

    public override ValidationResult Validate() =>
        Password is not null ? ValidationResult.Error($"a password is never a command-line argument (it shows in the process list): use --password-file FILE, {AdminPasswords.EnvironmentVariable} or the prompt")
        : string.IsNullOrWhiteSpace(User) ? ValidationResult.Error("--user <NAME> is required")
        : (DataDirectory is null) == (Config is null) ? ValidationResult.Error("give exactly one of --data <DIR> and --config <FILE>")
        : ValidationResult.Success();

    /// <summary>The data folder, which must exist (made by <c>init</c>): creating an admin never creates an empty node.</summary>
    public string DataFolder()
    {
        var data = Config is not null
            ? ServeConfig.Load(Config, insecureHttp: false, forceInsecureHttp: false).ExistingDataFolder()
            : Path.GetFullPath(DataDirectory!);
        return Directory.Exists(Path.Combine(data, "keys"))
            ? data
            : throw new Shared.CliUsageException($"{data} is not an initialised data folder (no keys/): run 'init' for it first");
    }
}
