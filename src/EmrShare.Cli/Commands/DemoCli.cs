using System.Globalization;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core.Errors;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands;

/// <summary>A setup step of <c>emrshare demo --web</c> failed; the demo stops and says which.</summary>
[ErrorKind(ErrorKind.Unexpected)]
public sealed class DemoSetupException(string message) : Core.EmrShareException(message);

/// <summary>
/// Runs one of the CLI's own operator commands (<c>center init</c>, <c>hospital init</c>, <c>center register-hospital</c>,
/// <c>center fund</c>, …) inside <c>emrshare demo --web</c>, exactly as the runbook has an operator run it, with its
/// <c>name: value</c> lines kept back (shown only when the step fails) through <see cref="Output.CaptureTo"/>, which
/// captures this flow only: the process's console is never swapped. Steps run one at a time.
/// </summary>
internal static class DemoCli
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task RunAsync<TSettings>(ActorCommand<TSettings> command, TSettings settings, string step, CancellationToken cancellationToken)
        where TSettings : CommandSettings
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(settings);
        var validation = settings.Validate();
        if (!validation.Successful)
        {
            throw new DemoSetupException($"{step}: {validation.Message}");
        }

        await OneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        int code;
        try
        {
            using (Output.CaptureTo(output))
            {
                code = await command.ExecuteAsync(new CommandContext([], NoArguments.Instance, step, null), settings, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            OneAtATime.Release();
        }

        if (code != ExitCodes.Ok)
        {
            throw new DemoSetupException($"'{step}' failed (exit {code}): {output.ToString().Trim()}");
        }
    }

    private sealed class NoArguments : IRemainingArguments
    {
        public static readonly NoArguments Instance = new();

        public ILookup<string, string?> Parsed { get; } = Array.Empty<string>().ToLookup(s => s, s => (string?)s);

        public IReadOnlyList<string> Raw { get; } = [];
    }
}
