using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Patient;

/// <summary>A grant this wallet gave: what revocation needs (grantee, scope, custodian) plus what the patient sees.</summary>
public sealed record GivenGrant(GrantAccepted Grant, IReadOnlyList<RecordId> Records, DateTimeOffset Expiry, string? RevokedTransaction)
{
    /// <summary>Revoked as the chain itself showed it (never on a relay's word alone).</summary>
    public bool Revoked => RevokedTransaction is not null;

    /// <summary>
    /// A revocation was signed and handed to a relay, but the chain does not show the grant revoked yet: the grantee
    /// may still use it. An alert for the patient until confirmed; relay again (another path) to end it.
    /// </summary>
    public DateTimeOffset? RevocationPendingSince { get; init; }

    public bool RevocationPending => RevocationPendingSince is not null && !Revoked;
}

/// <summary>
/// The grants the patient has given, kept in the wallet folder (<c>grants.bin</c>) and encrypted like the index
/// (own HKDF key and associated data): which hospitals a patient visited must not leak from a copied folder. It
/// survives restarts, so a grant can always be revoked later — from the CLI or the wallet page alike.
/// </summary>
public sealed class GivenGrants
{
    private static readonly byte[] Aad = "EmrShare given grants v1"u8.ToArray();
    private readonly string _path;
    private readonly byte[] _key;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private List<GivenGrant> _grants;

    private GivenGrants(string path, byte[] key, List<GivenGrant> grants)
    {
        _path = path;
        _key = key;
        _grants = grants;
    }

    public IReadOnlyList<GivenGrant> All => Volatile.Read(ref _grants);

    public static byte[] DeriveKey(ReadOnlySpan<byte> masterSecret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterSecret.ToArray(), 32, "EmrShare grants key v1"u8.ToArray(), "given grants encryption"u8.ToArray());

    public static async Task<GivenGrants> OpenAsync(string path, byte[] key, CancellationToken cancellationToken)
    {
        var plain = await SealedFile.ReadAsync(path, key, Aad, "grants", cancellationToken).ConfigureAwait(false);
        return new GivenGrants(path, key, plain is null ? [] : NodeJson.FromUtf8<List<GivenGrant>>(plain));
    }

    /// <summary>The grant with this id; <see cref="UnknownEntityException"/> when this wallet never gave it.</summary>
    public GivenGrant Find(Hash32 grantId) =>
        All.FirstOrDefault(g => g.Grant.GrantId == grantId) ?? throw new UnknownEntityException($"no grant {grantId} was given from this wallet");

    internal Task AddAsync(GivenGrant grant, CancellationToken cancellationToken) =>
        UpdateAsync(grants => [.. grants.Where(g => g.Grant.GrantId != grant.Grant.GrantId), grant], cancellationToken);

    internal Task MarkRevocationPendingAsync(Hash32 grantId, DateTimeOffset since, CancellationToken cancellationToken) =>
        UpdateAsync(grants => [.. grants.Select(g => g.Grant.GrantId == grantId && g.RevocationPendingSince is null ? g with { RevocationPendingSince = since } : g)], cancellationToken);

    internal Task MarkRevokedAsync(Hash32 grantId, string transactionHash, CancellationToken cancellationToken) =>
        UpdateAsync(grants => [.. grants.Select(g => g.Grant.GrantId == grantId ? g with { RevokedTransaction = transactionHash } : g)], cancellationToken);

    /// <summary>Zeroes the file key when the wallet closes.</summary>
    internal void Forget() => CryptographicOperations.ZeroMemory(_key);

    private async Task UpdateAsync(Func<List<GivenGrant>, List<GivenGrant>> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = change(_grants);
            var plain = NodeJson.ToUtf8(next);
            await SealedFile.WriteAsync(_path, plain, _key, Aad, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _grants, next);
        }
        finally
        {
            _gate.Release();
        }
    }
}
