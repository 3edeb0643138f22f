using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>Options of the hospital commands that open the hospital node: its peers (other hospitals) file.</summary>
public class HospitalSettings : ActorSettings
{
    [CommandOption("--peers <FILE>")]
    [Description("JSON file mapping hospital address → {endpoint, store} URLs, to reach custodians when requesting records.")]
    public string? PeersFile { get; init; }
}
