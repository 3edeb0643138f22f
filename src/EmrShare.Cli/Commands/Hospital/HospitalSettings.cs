using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>Options of the hospital commands that open the hospital node: its peers (other hospitals) file and optional external IPFS store.</summary>
public class HospitalSettings : ActorSettings
{
    [CommandOption("--peers <FILE>")]
    [Description("JSON file mapping hospital address → {endpoint, store} URLs, to reach custodians when requesting records.")]
    public string? PeersFile { get; init; }

    [CommandOption("--ipfs <URL>")]
    [Description("Kubo-compatible RPC API (Kubo, an IPFS Cluster proxy, js-ipfs) to keep this hospital's envelopes in, instead of the embedded store in the data folder. Use the same URL on serve and every one-shot command.")]
    public string? Ipfs { get; init; }

    [CommandOption("--fsync")]
    [Description("fsync every commit of the EMR database and the embedded store, so acknowledged records also survive power loss (slower writes).")]
    public bool Fsync { get; init; }

    /// <summary>How the serve process answers other hospitals' emergency requests (config <c>Hospital:BreakGlassPolicy</c>; one-shot commands never answer).</summary>
    public Nodes.Hospital.BreakGlassPolicy BreakGlassPolicy { get; init; }

    public Uri? IpfsUrl => Ipfs is null ? null : Urls.Parse(Ipfs, "--ipfs");

    public override ValidationResult Validate() =>
        Ipfs is not null && !Urls.IsHttp(Ipfs) ? ValidationResult.Error("--ipfs must be an http(s) URL") : base.Validate();
}
