namespace EmrShare.Nodes.Deployment;

/// <summary>One hospital as its peers reach it: message endpoint (hospital HTTP API) and Kubo-compatible store API.</summary>
public sealed record PeerEntry(string Address, string Endpoint, string Store);

/// <summary>The peers file a hospital is started with: chain address → where to reach that hospital.</summary>
public sealed record PeersFile(IReadOnlyList<PeerEntry> Hospitals)
{
    public static Task<PeersFile> LoadAsync(string path, CancellationToken cancellationToken) =>
        JsonFiles.ReadAsync<PeersFile>(path, "peers", cancellationToken);

    public Task SaveAsync(string path, CancellationToken cancellationToken) => JsonFiles.WriteAsync(path, this, cancellationToken);
}
