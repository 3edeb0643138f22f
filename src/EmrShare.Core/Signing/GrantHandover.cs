using System.Security.Cryptography;
using Nethereum.Signer;

namespace EmrShare.Core.Signing;

/// <summary>
/// The patient hands a grant that is already on chain (relayed by the Center) to its grantee. Signed by the grant's own
/// patient key (the pseudonym at the custodian), so the grantee knows the deliverer holds that key: a relayed grant is
/// public in calldata, and without this anyone could attach it to their own chart at the grantee. <paramref name="Bearer"/>
/// is the patient's pseudonym at the grantee (the visit it is delivered in), so a captured handover cannot be replayed
/// in another patient's visit; <paramref name="Expiry"/> keeps it short-lived and <paramref name="Nonce"/> unique.
/// Off chain only: signed under the AccessControl domain (chain id and contract) but never sent to the contract.
/// </summary>
/// <param name="GrantId">The grant's EIP-712 digest (its id on chain).</param>
/// <param name="Grantee">The hospital the grant names and the handover is delivered to.</param>
/// <param name="Bearer">The patient's pseudonym at <paramref name="Grantee"/>.</param>
/// <param name="Expiry">Unix seconds; at most <see cref="MaxLifetime"/> ahead of the grantee's clock.</param>
/// <param name="Nonce">256 random bits.</param>
public sealed record GrantHandover(Hash32 GrantId, ChainAddress Grantee, ChainAddress Bearer, ulong Expiry, Hash32 Nonce) : ITypedMessage
{
    public const string TypeString = "GrantHandover(bytes32 grantId,address grantee,address bearer,uint64 expiry,bytes32 nonce)";

    /// <summary>How far ahead a handover's expiry may be: a delivery is made right after the grant is relayed.</summary>
    public static TimeSpan MaxLifetime { get; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the wallets make a handover valid: enough for one delivery, well under <see cref="MaxLifetime"/>.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(10);

    public static Hash32 TypeHash { get; } = AbiWords.TypeHash(TypeString);

    /// <summary>
    /// The one way both wallets sign a handover of <paramref name="grant"/> to its grantee, for the patient's pseudonym
    /// <paramref name="bearer"/> there, with the grant's own key (<paramref name="patientKey"/>, the pseudonym at the
    /// custodian); valid for <see cref="Lifetime"/>, fresh random nonce.
    /// </summary>
    public static SignedTypedData<GrantHandover> Sign(Eip712Domain accessControl, Grant grant, ChainAddress bearer, EthECKey patientKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(time);
        var handover = new GrantHandover(Eip712.GrantId(accessControl, grant), grant.Grantee, bearer,
            (ulong)time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));
        return Eip712.Sign(accessControl, handover, patientKey);
    }

    public Hash32 HashStruct() => AbiWords.HashStruct(TypeHash,
        AbiWords.Of(GrantId), AbiWords.Of(Grantee), AbiWords.Of(Bearer), AbiWords.Of(Expiry), AbiWords.Of(Nonce));

    public void CheckFreshness(DateTimeOffset now)
    {
        var seconds = (ulong)now.ToUnixTimeSeconds();
        if (seconds >= Expiry)
        {
            throw new SignatureExpiredException("the grant handover has expired");
        }

        if (Expiry - seconds > (ulong)MaxLifetime.TotalSeconds)
        {
            throw new SignatureExpiredException($"a grant handover may be valid for at most {MaxLifetime.TotalMinutes:0} minutes");
        }
    }
}
