using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>
/// Base of every <c>center</c>/<c>hospital</c>/<c>patient</c> command: runs the command and maps any failure to
/// an exit code plus one line on stderr (<see cref="CliErrors"/>), so scripts and tests get clear results.
/// </summary>
public abstract class ActorCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : CommandSettings
{
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            if (settings is ActorSettings { Node: not null } && !TalksToNode)
            {
                throw new CliUsageException($"'{CommandLine(context)}' does not support --node: it works on a data folder (--data)");
            }

            if (settings is ActorSettings actor && actor.GivenOptions().FirstOrDefault(UnusedOptions.Contains) is { } unused)
            {
                throw new CliUsageException($"{unused} has no effect on '{CommandLine(context)}' and is refused rather than ignored");
            }

            // Two methods, so a --node call never JIT-compiles the data-folder path (and never loads the chain, FHIR and storage assemblies it references).
            return await (settings is ActorSettings { Node: not null } ? RunOnNodeAsync(settings, cancellationToken) : RunAsync(settings, cancellationToken)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The command boundary: every failure becomes an exit code and one line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var (code, message) = CliErrors.Describe(ex);
            await Output.Error.WriteLineAsync("error: " + message).ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>True for a command that, given <c>--node</c>, calls the running node's API instead of opening the data folder.</summary>
    protected virtual bool TalksToNode => false;

    /// <summary>Shared options (<see cref="ActorSettings.GivenOptions"/>) this command never reads: given, they are refused instead of silently ignored.</summary>
    protected virtual IReadOnlySet<string> UnusedOptions { get; } = new HashSet<string>(StringComparer.Ordinal);

    private static string CommandLine(CommandContext context) => string.Join(' ', context.Arguments.TakeWhile(a => !a.StartsWith('-')));

    protected abstract Task<int> RunAsync(TSettings settings, CancellationToken cancellationToken);

    /// <summary>The command given <c>--node</c> (only when <see cref="TalksToNode"/>): calls the running node's API. A node-only command does it all in <see cref="RunAsync"/>.</summary>
    protected virtual Task<int> RunOnNodeAsync(TSettings settings, CancellationToken cancellationToken) => RunAsync(settings, cancellationToken);
}
