using EmrShare.Core;
using EmrShare.Nodes;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Transport;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// The grants this patient has given (<c>grants.json</c> in the wallet folder): what <c>patient revoke</c> needs
/// to name a grant on chain (grantee, scope, custodian whose pseudonym signed it). Ids and addresses only.
/// </summary>
internal static class GrantBook
{
    private const string FileName = "grants.json";

    public static async Task<IReadOnlyList<GrantAccepted>> LoadAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? await JsonFiles.ReadAsync<List<GrantAccepted>>(path, "grants", cancellationToken).ConfigureAwait(false) : [];
    }

    public static async Task AddAsync(string dataDirectory, GrantAccepted grant, CancellationToken cancellationToken)
    {
        var grants = (await LoadAsync(dataDirectory, cancellationToken).ConfigureAwait(false)).Append(grant).ToList();
        await JsonFiles.WriteAsync(Path.Combine(dataDirectory, FileName), grants, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<GrantAccepted> FindAsync(string dataDirectory, Hash32 grantId, CancellationToken cancellationToken) =>
        (await LoadAsync(dataDirectory, cancellationToken).ConfigureAwait(false)).FirstOrDefault(g => g.GrantId == grantId)
        ?? throw new UnknownEntityException($"no grant {grantId} in this wallet");
}
