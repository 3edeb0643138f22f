using System.Globalization;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.MultiHost.Tests.Harness;

/// <summary>
/// One running consortium shared by the test classes of <see cref="ConsortiumCollection"/> (they run one after the
/// other; a test that stops an actor starts it again before it ends): the Center as <c>center serve --config</c> on
/// 127.0.0.2 (sealer, JSON-RPC at /rpc, signed peer directory), hospitals A and B as <c>hospital serve --config</c>
/// processes on 127.0.0.3 and 127.0.0.4, all over HTTPS with certificates from the test's CA, and an enrolled
/// patient who visited A: their wallet is one-shot <c>patient</c> commands on its own folder, and the same folder is
/// served by <c>wallet serve --config</c> on 127.0.0.5. Nothing has a peers file: each hospital publishes its URL and
/// key pin to the Center's directory, and the hospitals and the wallet find hospitals there.
/// </summary>
public sealed class ConsortiumFixture : IAsyncLifetime
{
    internal Consortium Net { get; } = new();

    internal ActorProcess Center { get; private set; } = null!;

    internal ActorProcess HospitalA { get; private set; } = null!;

    internal ActorProcess HospitalB { get; private set; } = null!;

    /// <summary>The patient's self-hosted wallet (<c>wallet serve</c>) over the one-shot commands' folder.</summary>
    internal ActorProcess Wallet { get; private set; } = null!;

    internal string AddressA { get; private set; } = string.Empty;

    internal string AddressB { get; private set; } = string.Empty;

    /// <summary>The patient's local id at A (from their visit over HTTPS).</summary>
    internal string PatientAtA { get; private set; } = string.Empty;

    internal string DeploymentFile => Path.Combine(Net.Folder("center"), "deployment.json");

    /// <summary>The Center's JSON-RPC (what its deployment.json names once it serves).</summary>
    internal Uri Rpc => new(Center.BaseUrl, "rpc");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await StartAsync(ct);
        }
        catch
        {
            await Net.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Net.DisposeAsync();

    internal Task<CliResult> CenterAsync(string command, params string[] arguments) => Net.ActorAsync("center", "center", command, arguments, TestContext.Current.CancellationToken);

    internal Task<CliResult> HospitalAsync(string folder, string command, params string[] arguments) =>
        Net.ActorAsync("hospital", folder, command, [.. arguments, "--deployment", DeploymentFile], TestContext.Current.CancellationToken);

    internal Task<CliResult> PatientAsync(string command, params string[] arguments) =>
        Net.ActorAsync("patient", "wallet", command, [.. arguments, "--deployment", DeploymentFile], TestContext.Current.CancellationToken);

    /// <summary>Creates a record for the patient at A (one-shot on A's folder while A serves); returns its id.</summary>
    internal async Task<string> CreateRecordAtAAsync(decimal value, CancellationToken ct)
    {
        var file = Net.PathOf($"hba1c-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, SampleRecords.HbA1cBundle(value), ct);
        return (await HospitalAsync("hospital-A", "create-record", "--patient", PatientAtA, "--file", file)).EnsureOk().Field("record");
    }

    private async Task StartAsync(CancellationToken ct)
    {
        (await CenterAsync("init", "--scrypt-n", Consortium.TestScryptN)).EnsureOk();
        var centerPort = FreePort.Next();
        var centerUrl = new Uri($"https://{Consortium.CenterAddress}:{centerPort.ToString(CultureInfo.InvariantCulture)}/");
        var centerConfig = Net.CenterConfig("center", centerUrl, Net.Ca.IssueLeaf(Consortium.CenterAddress, "center"));
        Center = Net.AddActor("center", Consortium.CenterAddress, centerPort, ["center", "serve", "--config", centerConfig], https: true, hasReadiness: true);
        await Center.StartAsync(ct);

        var inits = await Task.WhenAll(InitHospitalAsync("A"), InitHospitalAsync("B"));
        (AddressA, AddressB) = (inits[0], inits[1]);
        foreach (var (name, address) in new[] { ("A", AddressA), ("B", AddressB) })
        {
            (await CenterAsync("register-hospital", "--info", Path.Combine(Net.Folder("hospital-" + name), "hospital.json"))).EnsureOk();
            (await CenterAsync("fund", "--address", address, "--ether", "5")).EnsureOk();
        }

        HospitalA = AddHospital("hospital-A", Consortium.HospitalAAddress);
        HospitalB = AddHospital("hospital-B", Consortium.HospitalBAddress);
        await Task.WhenAll(HospitalA.StartAsync(ct), HospitalB.StartAsync(ct));

        (await PatientAsync("init", "--scrypt-n", Consortium.TestScryptN)).EnsureOk();
        var request = Net.PathOf("registration-request.json");
        (await PatientAsync("enrol", "--hospitals", $"{AddressA},{AddressB}", "--out", request)).EnsureOk();
        (await CenterAsync("register-patient", "--request", request)).EnsureOk();
        (await CenterAsync("register-patient", "--now")).EnsureOk();
        PatientAtA = (await PatientAsync("visit", "--hospital", HospitalA.BaseUrl.ToString(), "--address", AddressA)).EnsureOk().Field("local-id");

        var walletPort = FreePort.Next();
        var walletUrl = new Uri($"https://{Consortium.WalletAddress}:{walletPort.ToString(CultureInfo.InvariantCulture)}/");
        var walletConfig = Net.WalletConfig("wallet", walletUrl, Net.Ca.IssueLeaf(Consortium.WalletAddress, "wallet"), DeploymentFile, Center.BaseUrl);
        Wallet = Net.AddActor("wallet", Consortium.WalletAddress, walletPort, ["wallet", "serve", "--config", walletConfig], https: true, hasReadiness: true);
        await Wallet.StartAsync(ct);
    }

    private async Task<string> InitHospitalAsync(string name) =>
        (await HospitalAsync("hospital-" + name, "init", "--name", name, "--scrypt-n", Consortium.TestScryptN)).EnsureOk().Field("address");

    private ActorProcess AddHospital(string folder, System.Net.IPAddress address)
    {
        var port = FreePort.Next();
        var listen = new Uri($"https://{address}:{port.ToString(CultureInfo.InvariantCulture)}/");
        var leaf = Net.Ca.IssueLeaf(address, folder);
        var config = Net.HospitalConfig(folder, listen, leaf, DeploymentFile, Rpc, peersFile: null, directory: Center.BaseUrl);
        return Net.AddActor(folder, address, port, ["hospital", "serve", "--config", config], https: true, hasReadiness: true);
    }
}

/// <summary>The test classes that share one running consortium (run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class ConsortiumCollection : ICollectionFixture<ConsortiumFixture>
{
    public const string Name = "consortium";
}
