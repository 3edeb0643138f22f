using System.ComponentModel;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>
/// Options every actor command shares: its data folder (keystore, databases), where the passphrase comes from,
/// the deployment file and an optional JSON-RPC override. The passphrase is never a command-line argument
/// (it would show in the process list): a file or the <c>EMRSHARE_PASSPHRASE</c> environment variable.
/// </summary>
public class ActorSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("The actor's own data folder (keystore, databases, state). Required.")]
    public string? DataDirectory { get; init; }

    [CommandOption("--passphrase-file <FILE>")]
    [Description("File whose first line is the keystore passphrase (default: the EMRSHARE_PASSPHRASE environment variable).")]
    public string? PassphraseFile { get; init; }

    [CommandOption("--deployment <FILE>")]
    [Description("The Center's deployment.json (chain id, RPC URL, contract addresses). Default: <data>/deployment.json.")]
    public string? DeploymentFile { get; init; }

    [CommandOption("--rpc <URL>")]
    [Description("Ethereum JSON-RPC node to use instead of the deployment file's (Hardhat, Besu, Geth, emrshare center serve).")]
    public string? Rpc { get; init; }

    [CommandOption("--node <URL>")]
    [Description("Talk to this running node's REST API (https) with an operator token instead of unlocking the keystore: quick, and audited under the token's account. Replaces --data.")]
    public string? Node { get; init; }

    [CommandOption("--token-file <FILE>")]
    [Description("With --node: file holding the operator token ('hospital token create'); default: the EMRSHARE_TOKEN environment variable.")]
    public string? TokenFile { get; init; }

    [CommandOption("--ca-bundle <FILE>")]
    [Description("With --node: PEM bundle of the consortium CA(s) the node's certificate must chain to (default: the system trust store).")]
    public string? CaBundle { get; init; }

    public string Data => Path.GetFullPath(DataDirectory ?? throw new CliUsageException("--data is required"));

    public string DeploymentPath => DeploymentFile ?? Path.Combine(Data, Nodes.Deployment.DeploymentFile.FileName);

    public string KeysDirectory => Path.Combine(Data, "keys");

    public Uri? RpcUrl => Rpc is null ? null : Urls.Parse(Rpc, "--rpc");

    public Task<DeploymentFile> LoadDeploymentAsync(CancellationToken cancellationToken) =>
        Nodes.Deployment.DeploymentFile.LoadAsync(DeploymentPath, cancellationToken);

    public string Passphrase() => Passphrases.Resolve(PassphraseFile);

    /// <summary>The shared options given on this command line, so a command can refuse those it would ignore (<see cref="ActorCommand{TSettings}.UnusedOptions"/>).</summary>
    public virtual IEnumerable<string> GivenOptions()
    {
        if (PassphraseFile is not null)
        {
            yield return "--passphrase-file";
        }

        if (DeploymentFile is not null)
        {
            yield return "--deployment";
        }

        if (Rpc is not null)
        {
            yield return "--rpc";
        }
    }

    public override ValidationResult Validate()
    {
        if (Node is not null)
        {
            return NodeOptions.Validate(this);
        }

        if (TokenFile is not null || CaBundle is not null)
        {
            return ValidationResult.Error("--token-file and --ca-bundle are used only with --node <URL>");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            return ValidationResult.Error("--data <DIR> is required");
        }

        return Rpc is not null && !Urls.IsHttp(Rpc) ? ValidationResult.Error("--rpc must be an http(s) URL") : ValidationResult.Success();
    }
}
