using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// A temp folder with one sub-folder per actor and a shared passphrase file, plus the <c>emrshare</c> runner:
/// one-shot commands run to completion (bounded), servers are <see cref="ManagedProcess"/>es stopped by pid on
/// dispose. Keystores use a small scrypt cost (<c>--scrypt-n</c>) so the many one-shot processes stay fast.
/// </summary>
internal sealed class ActorWorkspace : IAsyncDisposable
{
    public const string TestScryptN = "1024";
    private readonly List<ManagedProcess> _servers = [];

    public ActorWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("emrshare-procs-").FullName;
        PassphraseFile = Path.Combine(Root, "passphrase.txt");
        File.WriteAllText(PassphraseFile, "correct horse battery staple\n");
    }

    public string Root { get; }

    public string PassphraseFile { get; }

    public static string Dll => EmrshareCli.Dll;

    public string Folder(string actor) => Path.Combine(Root, actor);

    public string PathOf(string file) => Path.Combine(Root, file);

    /// <summary>Runs <c>emrshare</c> to completion (at most 90 s) in the workspace folder.</summary>
    public async Task<CliResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (exitCode, stdout, stderr) = await EmrshareCli.RunAsync(arguments, Root, ct, environment);
        return new CliResult(arguments, exitCode, stdout, stderr);
    }

    /// <summary>Runs <c>emrshare BRANCH COMMAND --data FOLDER --passphrase-file …</c> for one actor.</summary>
    public Task<CliResult> ActorAsync(string branch, string folder, string command, IEnumerable<string> arguments, CancellationToken ct) =>
        RunAsync([branch, command, "--data", Folder(folder), "--passphrase-file", PassphraseFile, .. arguments], ct);

    /// <summary>Starts a long-running actor (<c>serve</c>) and waits for its <c>ready:</c> line.</summary>
    public async Task<ManagedProcess> ServeAsync(string branch, string actor, IEnumerable<string> arguments, CancellationToken ct)
    {
        var process = ManagedProcess.Start("dotnet",
            [Dll, branch, "serve", "--data", Folder(actor), "--passphrase-file", PassphraseFile, .. arguments],
            workingDirectory: Root,
            environment: new Dictionary<string, string> { ["COLUMNS"] = "200" });
        _servers.Add(process);
        await process.WaitUntilAsync(_ => Task.FromResult(process.RecentOutput.Contains("ready:", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), ct);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A killed server may still be releasing a file; the temp folder is cleaned by the OS later.
        }
    }
}
