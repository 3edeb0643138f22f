using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands;

/// <summary>
/// The demo. Until the end-to-end workflow lands (issue 6) it reports which building blocks are present,
/// rather than pretending to run a scenario.
/// </summary>
public sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Folder for the actors' data (default: a new temp folder).")]
        public string? DataDirectory { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine("[bold]EmrShare demo[/]");
        AnsiConsole.MarkupLine("The end-to-end sharing scenario is not built yet. Components present in this build:");
        var table = new Table().AddColumn("component").AddColumn("assembly");
        foreach (var name in new[] { "EmrShare.Core", "EmrShare.Chain", "EmrShare.Ledger", "EmrShare.Storage", "EmrShare.Fhir", "EmrShare.Nodes" })
        {
            var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            table.AddRow(name, File.Exists(path) ? "built" : "missing");
        }

        AnsiConsole.Write(table);
        return Task.FromResult(0);
    }
}
