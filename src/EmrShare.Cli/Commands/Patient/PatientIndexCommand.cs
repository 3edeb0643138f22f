using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Patient;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// <c>emrshare patient index</c>: the records in the encrypted medical index and whether the index file is the
/// one anchored on chain (its keccak256 equals the index account's latest anchor).
/// </summary>
public sealed class PatientIndexCommand : ActorCommand<Shared.ActorSettings>
{
    protected override async Task<int> RunAsync(Shared.ActorSettings settings, CancellationToken cancellationToken)
    {
        using var session = await PatientSession.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        var wallet = session.Wallet;
        foreach (var e in wallet.Index.Entries)
        {
            Output.Field("entry", $"{e.RecordId} v{e.Version} custodian {e.Custodian} {e.ContentType}");
        }

        Output.Field("count", wallet.Index.Entries.Count);
        var path = Path.Combine(settings.Data, "index.bin");
        if (File.Exists(path))
        {
            var latest = await wallet.Chain.Index.GetLatestIndexAsync(wallet.IndexAccount.ToString(), cancellationToken).ConfigureAwait(false);
            var matches = latest.IndexHash.ToHash32() == await MedicalIndex.HashFileAsync(path, cancellationToken).ConfigureAwait(false);
            Output.Field("anchored", matches ? $"yes (sequence {latest.Sequence})" : "NO — the index file differs from the anchored hash");
            return matches ? ExitCodes.Ok : ExitCodes.Refused;
        }

        Output.Field("anchored", "no index yet");
        return ExitCodes.Ok;
    }
}
