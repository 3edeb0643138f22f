namespace EmrShare.Core.Signing;

// The four EmrShare typed-data structs. Type strings are copied from docs/interfaces.md and must stay
// byte-identical to the Solidity *_TYPEHASH constants.

/// <summary>Purpose-of-use codes carried in a grant (docs/interfaces.md).</summary>
public enum GrantPurpose : ushort
{
    Treatment = 1,
    Emergency = 2,
    Referral = 3,
    Research = 4,
    PatientRequest = 5,
}

/// <summary>Patient's consent: <paramref name="Patient"/> (pseudonym at the custodian) lets <paramref name="Grantee"/> read a scope.</summary>
/// <param name="Patient">The patient's pseudonym at the custodian hospital; it signs the grant.</param>
/// <param name="Grantee">The hospital allowed to read.</param>
/// <param name="Scope">Zero for all records at the custodian, else the Merkle root of granted record ids.</param>
/// <param name="Purpose">Purpose of use.</param>
/// <param name="Expiry">Unix seconds after which the grant is void.</param>
/// <param name="Nonce">256 random bits (uint256 as 32 big-endian bytes).</param>
public sealed record Grant(Pseudonym Patient, ChainAddress Grantee, Hash32 Scope, GrantPurpose Purpose, ulong Expiry, Hash32 Nonce) : ITypedMessage
{
    public const string TypeString = "Grant(address patient,address grantee,bytes32 scope,uint16 purpose,uint64 expiry,uint256 nonce)";

    public static Hash32 TypeHash { get; } = AbiWords.TypeHash(TypeString);

    public Hash32 HashStruct() => AbiWords.HashStruct(TypeHash,
        AbiWords.Of(Patient.Address), AbiWords.Of(Grantee), AbiWords.Of(Scope), AbiWords.Of((ulong)Purpose), AbiWords.Of(Expiry), AbiWords.Of(Nonce));

    public void CheckFreshness(DateTimeOffset now)
    {
        if ((ulong)now.ToUnixTimeSeconds() >= Expiry)
        {
            throw new SignatureExpiredException("the grant has expired");
        }
    }
}

/// <summary>Patient-signed revocation of a grant, relayable by anyone.</summary>
public sealed record Revoke(Hash32 GrantId) : ITypedMessage
{
    public const string TypeString = "Revoke(bytes32 grantId)";

    public static Hash32 TypeHash { get; } = AbiWords.TypeHash(TypeString);

    public Hash32 HashStruct() => AbiWords.HashStruct(TypeHash, AbiWords.Of(GrantId));

    public void CheckFreshness(DateTimeOffset now)
    {
        // A revocation never expires.
    }
}

/// <summary>Practitioner-signed description of one record version (see docs/interfaces.md for each hash).</summary>
public sealed record RecordManifest(
    RecordId RecordId,
    Pseudonym Patient,
    uint Version,
    Hash32 PreviousManifest,
    Hash32 ContentHash,
    Hash32 CidHash,
    Hash32 WrappedKeysHash,
    ChainAddress Custodian) : ITypedMessage
{
    public const string TypeString = "RecordManifest(bytes32 recordId,address patient,uint32 version,bytes32 previousManifest,bytes32 contentHash,bytes32 cidHash,bytes32 wrappedKeysHash,address custodian)";

    public static Hash32 TypeHash { get; } = AbiWords.TypeHash(TypeString);

    /// <summary>cidHash = keccak256(UTF-8 CID string): the CID itself never goes on chain.</summary>
    public static Hash32 HashCid(string cid) => Hash32.FromBytes(AbiWords.OfString(cid));

    public Hash32 HashStruct() => AbiWords.HashStruct(TypeHash,
        AbiWords.Of(RecordId.AsHash32), AbiWords.Of(Patient.Address), AbiWords.Of(Version), AbiWords.Of(PreviousManifest),
        AbiWords.Of(ContentHash), AbiWords.Of(CidHash), AbiWords.Of(WrappedKeysHash), AbiWords.Of(Custodian));

    public void CheckFreshness(DateTimeOffset now)
    {
        // Manifests are permanent statements; their validity is anchored on chain, not time-limited.
    }
}

/// <summary>Hospital → custodian request to fulfil a grant for one record (off chain, short-lived).</summary>
public sealed record AccessRequest(Hash32 GrantId, RecordId RecordId, ChainAddress Requester, ulong IssuedAt, Hash32 Nonce) : ITypedMessage
{
    public const string TypeString = "AccessRequest(bytes32 grantId,bytes32 recordId,address requester,uint64 issuedAt,bytes32 nonce)";

    /// <summary>How long a signed request stays acceptable; limits replay of an intercepted request.</summary>
    public static TimeSpan MaxAge { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerated clock skew for requests issued slightly "in the future".</summary>
    public static TimeSpan MaxSkew { get; } = TimeSpan.FromSeconds(60);

    public static Hash32 TypeHash { get; } = AbiWords.TypeHash(TypeString);

    public Hash32 HashStruct() => AbiWords.HashStruct(TypeHash,
        AbiWords.Of(GrantId), AbiWords.Of(RecordId.AsHash32), AbiWords.Of(Requester), AbiWords.Of(IssuedAt), AbiWords.Of(Nonce));

    public void CheckFreshness(DateTimeOffset now)
    {
        var issued = DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(IssuedAt, (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (now - issued > MaxAge || issued - now > MaxSkew)
        {
            throw new SignatureExpiredException("the access request is too old or dated in the future");
        }
    }
}
