using EmrShare.Chain;
using EmrShare.Nodes.Chain;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// What every actor needs to find the EmrShare contracts: chain id, the JSON-RPC URL (null while the Center's
/// embedded ledger is not serving yet), the four contract addresses and the Center's address. Written by
/// <c>emrshare center init</c>; contains no key and nothing about patients.
/// </summary>
public sealed record DeploymentFile(long ChainId, string? Rpc, EmrShareAddresses Contracts, string Center)
{
    public const string FileName = "deployment.json";

    public static Task<DeploymentFile> LoadAsync(string path, CancellationToken cancellationToken) =>
        JsonFiles.ReadAsync<DeploymentFile>(path, "deployment", cancellationToken);

    public Task SaveAsync(string path, CancellationToken cancellationToken) => JsonFiles.WriteAsync(path, this, cancellationToken);

    /// <summary>The JSON-RPC endpoint to use: an explicit override, else the file's own URL.</summary>
    public Uri RpcUrl(Uri? overrideUrl) =>
        overrideUrl
        ?? (Uri.TryCreate(Rpc, UriKind.Absolute, out var url) ? url : null)
        ?? throw new DeploymentFileException("the deployment names no JSON-RPC URL (is 'emrshare center serve' running?); pass --rpc URL");

    /// <summary>The chain over JSON-RPC, through <paramref name="http"/> when given (a host's peer-trust client).</summary>
    public ChainAccess Access(Uri? overrideUrl, HttpClient? http = null) => ChainAccess.ForRpc(RpcUrl(overrideUrl), ChainId, http);
}
