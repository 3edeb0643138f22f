using EmrShare.Cli.Commands.Shared;
using EmrShare.Core.Crypto;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// <c>emrshare patient init</c>: a new identity — a random master secret in the passphrase-protected keystore,
/// from which the identity key, every per-hospital pseudonym and the index account are derived.
/// </summary>
public sealed class PatientInitCommand : ActorCommand<InitSettings>
{
    protected override async Task<int> RunAsync(InitSettings settings, CancellationToken cancellationToken)
    {
        var passphrase = settings.Passphrase();
        var store = Keystores.Create(settings, settings.ScryptN);
        await store.SaveAsync(PatientSession.MasterKeyName, PrivateKeys.FromScalar(Secp256k1.NewAccountKey()), passphrase, cancellationToken).ConfigureAwait(false);
        using var identity = await PatientSession.LoadIdentityAsync(settings, store, cancellationToken).ConfigureAwait(false);
        Output.Field("index-account", identity.IndexKey().Address());
        Output.Field("wallet", settings.Data);
        return ExitCodes.Ok;
    }
}
