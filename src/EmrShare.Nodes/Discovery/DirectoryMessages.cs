using EmrShare.Core;
using EmrShare.Core.Signing;

namespace EmrShare.Nodes.Discovery;

/// <summary>
/// The peer directory's signing domain: name "EmrShare Directory", bound to the chain and the Registry contract, so a
/// signature made for another consortium or chain never verifies here.
/// </summary>
public static class DirectoryDomain
{
    public const string Name = "EmrShare Directory";

    public static Eip712Domain For(ulong chainId, ChainAddress registry) => new(Name, "1", chainId, registry);
}

/// <summary>
/// A hospital's request to publish its public endpoint and TLS identity, signed with its hospital key. Sequence
/// numbers only grow, so an old signed request cannot be replayed to roll the URL back.
/// </summary>
/// <param name="Hospital">The registered hospital address that signs.</param>
/// <param name="Endpoint">Its public base URL (https, or http on loopback for development).</param>
/// <param name="TlsSpki">SHA-256 of the DER SubjectPublicKeyInfo of its TLS certificate (the pin peers check).</param>
/// <param name="Sequence">Greater than the last accepted update of this hospital.</param>
/// <param name="IssuedAt">Unix seconds; accepted within <see cref="MaxSkew"/> of the Center's clock.</param>
public sealed record EndpointUpdate(ChainAddress Hospital, string Endpoint, Hash32 TlsSpki, ulong Sequence, ulong IssuedAt) : ITypedMessage
{
    public const string TypeString = "EndpointUpdate(address hospital,string endpoint,bytes32 tlsSpki,uint64 sequence,uint64 issuedAt)";

    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(10);

    public static Hash32 TypeHash { get; } = AbiWords.TypeHash(TypeString);

    public Hash32 HashStruct() => AbiWords.HashStruct(TypeHash,
        AbiWords.Of(Hospital), AbiWords.OfString(Endpoint), AbiWords.Of(TlsSpki), AbiWords.Of(Sequence), AbiWords.Of(IssuedAt));

    public void CheckFreshness(DateTimeOffset now)
    {
        var age = now.ToUnixTimeSeconds() - (long)IssuedAt;
        if (Math.Abs(age) > MaxSkew.TotalSeconds)
        {
            throw new SignatureExpiredException("the endpoint update was signed too long ago or in the future");
        }
    }
}

/// <summary>The Center's signature over a directory snapshot: the hash of its entries and when it was issued.</summary>
public sealed record DirectorySnapshot(Hash32 EntriesHash, ulong IssuedAt) : ITypedMessage
{
    public const string TypeString = "DirectorySnapshot(bytes32 entriesHash,uint64 issuedAt)";

    /// <summary>A snapshot older than this is refused (the client fetches a fresh one).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    public static Hash32 TypeHash { get; } = AbiWords.TypeHash(TypeString);

    public Hash32 HashStruct() => AbiWords.HashStruct(TypeHash, AbiWords.Of(EntriesHash), AbiWords.Of(IssuedAt));

    public void CheckFreshness(DateTimeOffset now)
    {
        var age = now.ToUnixTimeSeconds() - (long)IssuedAt;
        if (age > MaxAge.TotalSeconds || age < -EndpointUpdate.MaxSkew.TotalSeconds)
        {
            throw new SignatureExpiredException("the directory snapshot is too old (or from the future)");
        }
    }
}

/// <summary>One hospital's published endpoint: where peers reach it and which TLS key they must see there.</summary>
public sealed record DirectoryEntry(ChainAddress Hospital, string Endpoint, Hash32 TlsSpki, ulong Sequence, ulong UpdatedAt)
{
    /// <summary>
    /// Keccak-256 over every entry's fields in address order, then every display name in address order: what the
    /// Center signs. With no names the hash is the entries' hash alone, as before names were published.
    /// </summary>
    public static Hash32 HashEntries(IReadOnlyList<DirectoryEntry> entries, IReadOnlyList<DirectoryName>? names = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var words = new List<byte[]>();
        foreach (var e in entries.OrderBy(e => e.Hospital.Lower, StringComparer.Ordinal))
        {
            words.Add(AbiWords.Of(e.Hospital));
            words.Add(AbiWords.OfString(e.Endpoint));
            words.Add(AbiWords.Of(e.TlsSpki));
            words.Add(AbiWords.Of(e.Sequence));
            words.Add(AbiWords.Of(e.UpdatedAt));
        }

        foreach (var n in (names ?? []).OrderBy(n => n.Account.Lower, StringComparer.Ordinal))
        {
            words.Add(AbiWords.Of(n.Account));
            words.Add(AbiWords.OfString(n.Name));
        }

        return Core.Crypto.Keccak.Hash32(words.SelectMany(w => w).ToArray());
    }
}

/// <summary>
/// The document the Center serves at <c>GET /directory</c>: entries, the display names of hospitals and practitioners
/// the Center registered, and its signature over both (issue 16 #11: peers show names, not hex).
/// </summary>
public sealed record SignedDirectory(IReadOnlyList<DirectoryEntry> Entries, SignedTypedData<DirectorySnapshot> Signature, IReadOnlyList<DirectoryName>? Names = null);

/// <summary>A hospital's or practitioner's display name as the Center publishes it (set by a Center admin, audited).</summary>
public sealed record DirectoryName(ChainAddress Account, string Name)
{
    /// <summary>Longest display name the directory accepts.</summary>
    public const int MaxLength = 200;
}

/// <summary>One display-name change in the Center's directory audit: who (the Center admin) renamed which account when.</summary>
public sealed record DirectoryNameAuditEntry(long Id, ChainAddress Account, string? PreviousName, string Name, string ChangedBy, ulong ChangedAt);

/// <summary>One accepted endpoint change, as the Center's audit log keeps it.</summary>
public sealed record DirectoryAuditEntry(long Id, ChainAddress Hospital, string? PreviousEndpoint, string Endpoint, Hash32 TlsSpki, ulong Sequence, ulong AcceptedAt, string Signature);
