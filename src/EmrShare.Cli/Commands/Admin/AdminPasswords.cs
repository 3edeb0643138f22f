using EmrShare.Cli.Commands.Shared;
using Spectre.Console;

namespace EmrShare.Cli.Commands.Admin;

/// <summary>Where a new administrator's password comes from: <c>--password-file</c>, <c>EMRSHARE_ADMIN_PASSWORD</c>, or a terminal prompt (typed twice).</summary>
internal static class AdminPasswords
{
    public const string EnvironmentVariable = "EMRSHARE_ADMIN_PASSWORD";

    public static string Resolve(string? file)
    {
        string? password;
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new CliUsageException($"password file not found: {file}");
            }

            // First line only, so an editor's trailing newline is not part of the password.
            password = File.ReadLines(file).FirstOrDefault();
        }
        else
        {
            password = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : Prompt();
        }

        return string.IsNullOrEmpty(password) ? throw new CliUsageException("the password is empty") : password;
    }

    private static string Prompt()
    {
        if (Console.IsInputRedirected)
        {
            throw new CliUsageException($"no password: pass --password-file FILE, set {EnvironmentVariable}, or run in a terminal to be prompted");
        }

        var first = AnsiConsole.Prompt(new TextPrompt<string>("New administrator password:").Secret());
        var second = AnsiConsole.Prompt(new TextPrompt<string>("Repeat it:").Secret());
        return first == second ? first : throw new CliUsageException("the two passwords differ");
    }
}
