using EmrShare.Nodes.Tests.Processes;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.MultiHost.Tests;

/// <summary>
/// Issue 14 #2, as processes, extending Nodes.Tests' ServeConfigErrorTests (missing config file, bad listen URL,
/// missing certificate, plain HTTP off loopback, bad environment override): each further bad key of a hospital's
/// HTTPS config stops <c>hospital serve</c> with exit 64 and one line naming the key, before it listens.
/// </summary>
public sealed class ServeConfigProcessErrorTests
{
    [Theory]
    [InlineData("Tls:KeyPath", "file not found")]
    [InlineData("Tls:CaBundlePath", "file not found")]
    [InlineData("Host:DataFolder", "folder not found")]
    [InlineData("Hospital:PassphraseFile", "file not found")]
    [InlineData("Hospital:DeploymentFile", "file not found")]
    [InlineData("Hospital:PeersFile", "file not found")]
    [InlineData("Chain:RpcUrl", "'ftp://127.0.0.2/' is not an absolute http(s) URL")]
    public async Task HospitalServe_BadKeyInHttpsConfig_ExitsUsageNamingKey(string key, string problem)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = new Consortium();
        var config = ValidConfig(net);
        var broken = key switch
        {
            "Tls:KeyPath" => config.Replace(".key.pem", ".absent.pem", StringComparison.Ordinal),
            "Tls:CaBundlePath" => config.Replace("ca.pem", "absent-ca.pem", StringComparison.Ordinal),
            "Host:DataFolder" => config.Replace(net.Folder("hospital-A"), net.Folder("never-initialised"), StringComparison.Ordinal),
            "Hospital:PassphraseFile" => config.Replace("passphrase.txt", "absent-passphrase.txt", StringComparison.Ordinal),
            "Hospital:DeploymentFile" => config.Replace("deployment.json", "absent-deployment.json", StringComparison.Ordinal),
            "Hospital:PeersFile" => config.Replace("peers.json", "absent-peers.json", StringComparison.Ordinal),
            "Chain:RpcUrl" => config.Replace("http://127.0.0.2:8545/", "ftp://127.0.0.2/", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
        Assert.NotEqual(config, broken);
        var path = net.PathOf("broken.json");
        await File.WriteAllTextAsync(path, broken, ct);

        var result = await net.RunAsync(["hospital", "serve", "--config", path], ct);

        ServeConfigErrors.AssertOneLine(result, $"config {key}: {problem}");
    }

    /// <summary>
    /// A config whose every key is valid, for a data folder that exists but holds no node: a broken key is reported
    /// before the node is opened (the port-in-use case needs a real node: TlsListenerTests).
    /// </summary>
    private static string ValidConfig(Consortium net)
    {
        Directory.CreateDirectory(net.Folder("hospital-A"));
        File.WriteAllText(net.PathOf("deployment.json"), "{}");
        File.WriteAllText(net.PathOf("peers.json"), """{"hospitals":[]}""");
        var leaf = net.Ca.IssueLeaf(Consortium.HospitalAAddress, "hospital-A");
        var path = net.HospitalConfig("hospital-A", new Uri("https://127.0.0.3:0/"), leaf, net.PathOf("deployment.json"), new Uri("http://127.0.0.2:8545/"), net.PathOf("peers.json"));
        return File.ReadAllText(path);
    }
}
