using System.Globalization;
using EmrShare.TestSupport;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Bad input to the actor commands, as real processes: each ends with a specific exit code and ONE clear line on
/// stderr (no stack trace). These need no running chain: the commands fail before or without reaching it.
/// </summary>
public sealed class ActorCommandErrorTests
{
    private static readonly string[] ZeroAddresses = ["0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002", "0x0000000000000000000000000000000000000003", "0x0000000000000000000000000000000000000004"];

    [Fact]
    public async Task HospitalRecords_WrongPassphrase_ExitsWithPassphraseError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var deployment = await WriteDeploymentAsync(ws, ct);
        (await InitHospitalAsync(ws, ct)).EnsureOk();
        var wrong = ws.PathOf("wrong.txt");
        await File.WriteAllTextAsync(wrong, "not the passphrase", ct);

        var result = await ws.RunAsync(["hospital", "records", "--data", ws.Folder("hospital-A"), "--passphrase-file", wrong, "--deployment", deployment], ct);

        AssertOneLineError(result, 4, "wrong passphrase");
    }

    [Fact]
    public async Task HospitalRead_UnknownRecordId_ExitsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var deployment = await WriteDeploymentAsync(ws, ct);
        (await InitHospitalAsync(ws, ct)).EnsureOk();

        var result = await ws.ActorAsync("hospital", "hospital-A", "read",
            ["--deployment", deployment, "--record", "0x" + new string('7', 64), "--out", ws.PathOf("out.json")], ct);

        AssertOneLineError(result, 3, "no such record");
        Assert.False(File.Exists(ws.PathOf("out.json")));
    }

    [Fact]
    public async Task HospitalRecords_MissingDeploymentFile_ExitsNotFoundNamingTheFile()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        (await InitHospitalAsync(ws, ct)).EnsureOk();
        var missing = ws.PathOf("no-such-deployment.json");

        var result = await ws.ActorAsync("hospital", "hospital-A", "records", ["--deployment", missing], ct);

        AssertOneLineError(result, 3, "deployment file not found");
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientVisit_UnreachableRpc_ExitsUnreachable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var deployment = await WriteDeploymentAsync(ws, ct);
        (await ws.ActorAsync("patient", "patient", "init", ["--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();
        var closedPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);

        var result = await ws.ActorAsync("patient", "patient", "visit",
            ["--deployment", deployment, "--rpc", $"http://127.0.0.1:{closedPort}/", "--hospital", "http://127.0.0.1:9/", "--address", ZeroAddresses[0]], ct);

        AssertOneLineError(result, 5, "cannot reach the JSON-RPC node");
    }

    [Fact]
    public async Task HospitalInit_TwiceOnSameFolder_RefusesAndKeepsKeys()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var first = (await InitHospitalAsync(ws, ct)).EnsureOk();

        var second = await InitHospitalAsync(ws, ct);

        AssertOneLineError(second, 64, "already initialised");
        var info = await File.ReadAllTextAsync(Path.Combine(ws.Folder("hospital-A"), "hospital.json"), ct);
        Assert.Contains(first.Field("address"), info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientInit_NoPassphrase_ExitsUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();

        var result = await ws.RunAsync(["patient", "init", "--data", ws.Folder("patient")], ct);

        AssertOneLineError(result, 64, "no passphrase");
        Assert.False(Directory.Exists(Path.Combine(ws.Folder("patient"), "keys")));
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    public async Task StoreServe_PortOutOfRange_ExitsUsage(string port)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();

        var result = await ws.RunAsync(["store", "serve", "--data", ws.Folder("store"), "--port", port], ct);

        AssertOneLineError(result, 64, "--port must be 0–65535");
        Assert.False(Directory.Exists(ws.Folder("store")));
    }

    [Fact]
    public async Task StoreServe_DataFolderUnderAFile_ExitsUnreachableStorage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var file = ws.PathOf("not-a-folder");
        await File.WriteAllTextAsync(file, "x", ct);

        // A path below a regular file can never be created, even as root (unlike a chmod'ed folder).
        var result = await ws.RunAsync(["store", "serve", "--data", Path.Combine(file, "store"), "--port", "0"], ct);

        AssertOneLineError(result, 5, "cannot hold the database");
    }

    [Fact]
    public async Task StoreServe_PortAlreadyInUse_ExitsUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var result = await ws.RunAsync(["store", "serve", "--data", ws.Folder("store"), "--port", port], ct);

        AssertOneLineError(result, 64, "cannot listen on 127.0.0.1:" + port);
    }

    public static TheoryData<string> Commands() =>
    [
        "center", "center init", "center serve", "center register-hospital", "center deactivate-hospital", "center register-practitioner", "center register-patient",
        "center fund", "center relay-revoke", "hospital", "hospital init", "hospital serve", "hospital create-record", "hospital amend",
        "hospital request", "hospital read", "hospital records", "hospital audit", "patient", "patient init", "patient enrol",
        "patient visit", "patient grant", "patient revoke", "patient index", "patient read", "patient log", "store", "store serve",
        "center admin create", "hospital admin create", "wallet", "wallet serve",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_EveryActorCommand_PrintsUsage(string command)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();

        var result = await ws.RunAsync([.. command.Split(' '), "--help"], ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("USAGE:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("emrshare " + command, result.Stdout, StringComparison.Ordinal);
    }

    private static Task<CliResult> InitHospitalAsync(ActorWorkspace ws, CancellationToken ct) =>
        ws.ActorAsync("hospital", "hospital-A", "init", ["--name", "A", "--scrypt-n", ActorWorkspace.TestScryptN], ct);

    /// <summary>A well-formed deployment whose JSON-RPC URL nothing listens on: commands that stay off chain can use it.</summary>
    private static async Task<string> WriteDeploymentAsync(ActorWorkspace ws, CancellationToken ct)
    {
        var path = ws.PathOf("deployment.json");
        var deployment = new Deployment.DeploymentFile(31337, $"http://127.0.0.1:{FreePort.Next()}/",
            new EmrShare.Chain.EmrShareAddresses(ZeroAddresses[0], ZeroAddresses[1], ZeroAddresses[2], ZeroAddresses[3]), ZeroAddresses[0]);
        await deployment.SaveAsync(path, ct);
        return path;
    }

    private static void AssertOneLineError(CliResult result, int exitCode, string message)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}: {result}");
        var error = result.Stderr.Trim();
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at EmrShare.", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
