using System.ComponentModel;
using System.Security.Cryptography;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// <c>emrshare patient read</c>: the patient reads one of their own records. The newest version in the medical
/// index is fetched from its custodian's store (found in the peers file an operator hands out), decrypted with the
/// key wrapped for the patient, checked against the signed manifest's SHA-256 and written to a file (never to the
/// console: it is PHI). Nothing goes on chain and the custodian is not contacted beyond its content-addressed store.
/// </summary>
public sealed class PatientReadCommand : ActorCommand<PatientReadCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--record <ID>")]
        [Description("The record to read (from 'patient index'). Required.")]
        public string? Record { get; init; }

        [CommandOption("--peers <FILE>")]
        [Description("Peers file listing each hospital's store API (the custodian's is used). Required.")]
        public string? Peers { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write the decrypted record. Required.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Record is null || Peers is null || Out is null ? ValidationResult.Error("--record, --peers and --out are required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var record = Args.Record(settings.Record!, "--record");
        var peers = await PeersFile.LoadAsync(settings.Peers!, cancellationToken).ConfigureAwait(false);
        using var session = await PatientSession.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        var entry = session.Wallet.Index.Entries.Where(e => e.RecordId == record).MaxBy(e => e.Version)
            ?? throw new UnknownEntityException("the record is not in this wallet's medical index (collect it with 'patient visit --collect')");
        var store = new PeersDirectory(peers, session.Http, session.Wallet.StoreReadSigner).Resolve(entry.Custodian).Store;
        var content = await session.Wallet.ReadRecordContentAsync(entry, store, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(settings.Out!, content, cancellationToken).ConfigureAwait(false);
        Output.Field("record", entry.RecordId);
        Output.Field("version", entry.Version);
        Output.Field("custodian", entry.Custodian);
        Output.Field("content-type", entry.ContentType);
        Output.Field("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));
        Output.Field("written", settings.Out);
        return ExitCodes.Ok;
    }
}
