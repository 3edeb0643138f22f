using EmrShare.Cli.Commands.Shared;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Core.Keys;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Patient;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// The patient's wallet as one command opens it: the master secret from the keystore (entry <c>master</c>),
/// the encrypted index in the data folder, the deployment. Visit sessions live only as long as the command.
/// </summary>
internal sealed class PatientSession : IDisposable
{
    public const string MasterKeyName = "master";

    private PatientSession(PatientWallet wallet, DeploymentFile deployment, HttpClient http)
    {
        Wallet = wallet;
        Deployment = deployment;
        Http = http;
    }

    public PatientWallet Wallet { get; }

    public DeploymentFile Deployment { get; }

    public HttpClient Http { get; }

    public static async Task<PatientIdentity> LoadIdentityAsync(ActorSettings settings, IKeyStore? store, CancellationToken cancellationToken)
    {
        var key = await (store ?? Keystores.OpenExisting(settings)).LoadAsync(MasterKeyName, settings.Passphrase(), cancellationToken).ConfigureAwait(false);
        var secret = key.ToBytes32();
        try
        {
            return PatientIdentity.FromMasterSecret(secret);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Opens the wallet; <paramref name="chainHttp"/> reaches the chain (a host's peer-trust client), null = a default client.</summary>
    public static async Task<PatientSession> OpenAsync(ActorSettings settings, CancellationToken cancellationToken, HttpClient? chainHttp = null)
    {
        var deployment = await settings.LoadDeploymentAsync(cancellationToken).ConfigureAwait(false);
        var identity = await LoadIdentityAsync(settings, null, cancellationToken).ConfigureAwait(false);
        try
        {
            var wallet = await PatientWallet.OpenAsync(settings.Data, identity, deployment.Access(settings.RpcUrl, chainHttp), deployment.Contracts, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            return new PatientSession(wallet, deployment, new HttpClient { Timeout = TimeSpan.FromSeconds(60) });
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Wallet.Dispose();
        Http.Dispose();
    }
}
