using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EmrShare.TestSupport.Hosts;

/// <summary>
/// The multi-host harness: a temp folder, a consortium CA the test made (<see cref="TestCertificateAuthority"/>), one
/// address per actor (<see cref="CenterAddress"/> … <see cref="WalletAddress"/>), a passphrase file, an HTTPS client
/// that trusts only that CA, and the actor processes. Disposal stops every process it started, by pid, then deletes
/// the folder. Actors are added with <see cref="AddActor"/>; <see cref="HospitalConfig"/> writes a hospital's
/// <c>--config</c> file the way samples/deploy/hospital.json documents it.
/// </summary>
public sealed class Consortium : IAsyncDisposable
{
    public const string TestScryptN = "1024";
    public static readonly IPAddress CenterAddress = IPAddress.Parse("127.0.0.2");
    public static readonly IPAddress HospitalAAddress = IPAddress.Parse("127.0.0.3");
    public static readonly IPAddress HospitalBAddress = IPAddress.Parse("127.0.0.4");
    public static readonly IPAddress WalletAddress = IPAddress.Parse("127.0.0.5");

    private readonly List<ActorProcess> _actors = [];

    public Consortium()
    {
        Root = Directory.CreateTempSubdirectory("emrshare-multihost-").FullName;
        Ca = new TestCertificateAuthority(Path.Combine(Root, "tls"));
        PassphraseFile = Path.Combine(Root, "passphrase.txt");
        File.WriteAllText(PassphraseFile, "correct horse battery staple\n");
        Https = TrustingClient(Ca.CaCertificatePath);
    }

    public string Root { get; }

    public TestCertificateAuthority Ca { get; }

    public string PassphraseFile { get; }

    /// <summary>An HTTP client that trusts the consortium CA and nothing else (host names checked).</summary>
    public HttpClient Https { get; }

    public IReadOnlyList<ActorProcess> Actors => _actors;

    public string Folder(string actor) => Path.Combine(Root, actor);

    public string PathOf(string file) => Path.Combine(Root, file);

    /// <summary>A long-running actor on its own address; not started yet (start several with Task.WhenAll).</summary>
    public ActorProcess AddActor(string name, IPAddress address, int port, IReadOnlyList<string> arguments, bool https, bool hasReadiness)
    {
        var actor = new ActorProcess(this, name, address, port, arguments, https, hasReadiness);
        _actors.Add(actor);
        return actor;
    }

    /// <summary>A one-shot <c>emrshare</c> command, run to completion in the consortium folder.</summary>
    public Task<CliResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        Emrshare.RunAsync(arguments, Root, ct, ChildEnvironment);

    /// <summary>A long-running <c>emrshare</c> in the consortium folder (what <see cref="ActorProcess"/> starts).</summary>
    public ManagedProcess Start(IReadOnlyList<string> arguments) => Emrshare.Start(arguments, Root, ChildEnvironment);

    /// <summary>Every actor trusts the consortium CA (<c>SSL_CERT_FILE</c>), as an operator installs it on each host.</summary>
    private Dictionary<string, string> ChildEnvironment => new() { ["SSL_CERT_FILE"] = Ca.CaCertificatePath };

    /// <summary><c>emrshare BRANCH COMMAND --data FOLDER --passphrase-file … ARGS</c>.</summary>
    public Task<CliResult> ActorAsync(string branch, string folder, string command, IEnumerable<string> arguments, CancellationToken ct) =>
        RunAsync([branch, command, "--data", Folder(folder), "--passphrase-file", PassphraseFile, .. arguments], ct);

    /// <summary>Writes <c>center.json</c>: the Center's serve config (HTTPS on its own address; it seals the embedded ledger and serves /rpc and the directory).</summary>
    public string CenterConfig(string folder, Uri listen, LeafCertificate leaf)
    {
        var path = PathOf(folder + ".json");
        File.WriteAllText(path, $$"""
            // written by the multi-host harness, shaped like samples/deploy/center.json
            {
              "Host": { "Listen": [ "{{listen}}" ], "PublicBaseUrl": "{{listen}}", "DataFolder": "{{Folder(folder)}}", "LogFormat": "plain" },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}", "CaBundlePath": "{{Ca.CaCertificatePath}}" },
              "Center": { "PassphraseFile": "{{PassphraseFile}}" }
            }
            """);
        return path;
    }

    /// <summary>Writes <c>{folder}.json</c>: a self-hosted wallet's serve config (HTTPS on its own address; hospitals found through the Center's directory).</summary>
    public string WalletConfig(string folder, Uri listen, LeafCertificate leaf, string deploymentFile, Uri directory)
    {
        var path = PathOf(folder + "-serve.json");
        File.WriteAllText(path, $$"""
            // written by the multi-host harness, shaped like samples/deploy/wallet.json
            {
              "Host": { "Listen": [ "{{listen}}" ], "PublicBaseUrl": "{{listen}}", "DataFolder": "{{Folder(folder)}}", "LogFormat": "plain" },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}", "CaBundlePath": "{{Ca.CaCertificatePath}}" },
              "Wallet": { "PassphraseFile": "{{PassphraseFile}}", "DeploymentFile": "{{deploymentFile}}" },
              "Center": { "DirectoryUrl": "{{directory}}" }
            }
            """);
        return path;
    }

    /// <summary>
    /// Writes <c>{folder}.json</c>: a hospital's serve config (HTTPS on its own address with a leaf from the test CA).
    /// With <paramref name="directory"/> (the Center's base URL) peers are found through the Center's signed directory.
    /// </summary>
    public string HospitalConfig(string folder, Uri listen, LeafCertificate leaf, string deploymentFile, Uri rpc, string? peersFile, string? caBundle = null, Uri? directory = null)
    {
        var path = PathOf(folder + ".json");
        var json = $$"""
            // written by the multi-host harness, shaped like samples/deploy/hospital.json
            {
              "Host": { "Listen": [ "{{listen}}" ], "PublicBaseUrl": "{{listen}}", "DataFolder": "{{Folder(folder)}}", "LogFormat": "plain" },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}", "CaBundlePath": "{{caBundle ?? Ca.CaCertificatePath}}" },
              "Chain": { "RpcUrl": "{{rpc}}" },
              "Hospital": { "PassphraseFile": "{{PassphraseFile}}", "DeploymentFile": "{{deploymentFile}}", "PeersFile": "{{peersFile ?? string.Empty}}", "Fsync": false, "RemoteCheckIns": "allow" },
              "Center": { "DirectoryUrl": "{{directory?.ToString() ?? string.Empty}}" }
            }
            """;
        File.WriteAllText(path, json);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var actor in _actors)
        {
            await actor.DisposeAsync();
        }

        Https.Dispose();
        Ca.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a process killed a moment ago may still hold a file; the OS cleans the temp folder later
        }
    }

    /// <summary>A client for one actor's REST API (trusts only the consortium CA; a longer timeout for calls that wait on the chain and a peer).</summary>
    public HttpClient ApiClient(Uri baseUrl, TimeSpan timeout)
    {
        var client = TrustingClient(Ca.CaCertificatePath, timeout);
        client.BaseAddress = baseUrl;
        return client;
    }

    private static HttpClient TrustingClient(string caPem, TimeSpan? timeout = null)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caPem);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    {
                        return false;
                    }

                    using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(leaf);
                },
            },
        };
        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }
}
