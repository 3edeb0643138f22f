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

    public override IEnumerable<string> GivenOptions() =>
        base.GivenOptions().Concat(new[] { ("--peers", PeersFile is not null), ("--ipfs", Ipfs is not null), ("--fsync", Fsync) }.Where(o => o.Item2).Select(o => o.Item1));

    /// <summary>How the serve process answers other hospitals' emergency requests (config <c>Hospital:BreakGlassPolicy</c>; one-shot commands never answer).</summary>
    public Nodes.Hospital.BreakGlassPolicy BreakGlassPolicy { get; init; }

    /// <summary>
    /// Whether check-ins without the desk's code (remote, handshake version 1) are accepted. <c>serve --config</c> reads
    /// <c>Hospital:RemoteCheckIns</c> (default refuse: the desk requires the phone to scan its code); without a config
    /// there is no desk dashboard, so the development host keeps remote check-ins.
    /// </summary>
    public bool AcceptRemoteCheckIns { get; init; } = true;

    /// <summary>How long a refused emergency copy is held back for an override (config <c>Hospital:EmergencyQuarantineHours</c>, default 24).</summary>
    public TimeSpan EmergencyQuarantineTime { get; init; } = Nodes.Hospital.HospitalOptions.DefaultEmergencyQuarantineTime;

    public Uri? IpfsUrl => Ipfs is null ? null : Urls.Parse(Ipfs, "--ipfs");

    public override ValidationResult Validate() =>
        Node is not null && NodeOptions.Conflict(("--peers", PeersFile), ("--ipfs", Ipfs), ("--fsync", Fsync ? "set" : null)) is { } conflict ? conflict
        : Ipfs is not null && !Urls.IsHttp(Ipfs) ? ValidationResult.Error("--ipfs must be an http(s) URL") : base.Validate();
}
