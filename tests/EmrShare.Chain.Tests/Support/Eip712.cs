using System.Numerics;
using System.Text;
using Nethereum.ABI;
using Nethereum.Signer;
using Nethereum.Util;

namespace EmrShare.Chain.Tests.Support;

/// <summary>
/// EIP-712 hashing and signing written independently of the contracts, straight from docs/interfaces.md, so
/// the tests check the contracts against the spec rather than against themselves.
/// </summary>
public static class Eip712
{
    public const string GrantType = "Grant(address patient,address grantee,bytes32 scope,uint16 purpose,uint64 expiry,uint256 nonce)";
    public const string RevokeType = "Revoke(bytes32 grantId)";
    public const string ManifestType = "RecordManifest(bytes32 recordId,address patient,uint32 version,bytes32 previousManifest,bytes32 contentHash,bytes32 cidHash,bytes32 wrappedKeysHash,address custodian)";
    private const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    private static readonly BigInteger CurveOrder = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    public static byte[] Keccak(byte[] data) => Sha3Keccack.Current.CalculateHash(data);

    public static byte[] Keccak(string text) => Keccak(Encoding.UTF8.GetBytes(text));

    public static Bytes32 DomainSeparator(string name, long chainId, string verifyingContract) =>
        Bytes32.FromBytes(Keccak(new ABIEncode().GetABIEncoded(
            new ABIValue("bytes32", Keccak(DomainType)),
            new ABIValue("bytes32", Keccak(name)),
            new ABIValue("bytes32", Keccak("1")),
            new ABIValue("uint256", new BigInteger(chainId)),
            new ABIValue("address", verifyingContract))));

    public static Bytes32 GrantDigest(GrantTerms t, long chainId, string accessControl)
    {
        var structHash = Keccak(new ABIEncode().GetABIEncoded(
            new ABIValue("bytes32", Keccak(GrantType)),
            new ABIValue("address", t.Patient),
            new ABIValue("address", t.Grantee),
            new ABIValue("bytes32", t.Scope.ToArray()),
            new ABIValue("uint16", t.Purpose),
            new ABIValue("uint64", t.Expiry),
            new ABIValue("uint256", t.Nonce)));
        return Digest(DomainSeparator("EmrShare AccessControl", chainId, accessControl), structHash);
    }

    public static Bytes32 RevokeDigest(Bytes32 grantId, long chainId, string accessControl)
    {
        var structHash = Keccak(new ABIEncode().GetABIEncoded(
            new ABIValue("bytes32", Keccak(RevokeType)),
            new ABIValue("bytes32", grantId.ToArray())));
        return Digest(DomainSeparator("EmrShare AccessControl", chainId, accessControl), structHash);
    }

    /// <summary>65-byte r‖s‖v signature (v = 27/28, low s) over a 32-byte digest, no message prefix.</summary>
    public static byte[] Sign(Bytes32 digest, string privateKey)
    {
        var signature = new EthECKey(privateKey).SignAndCalculateV(digest.ToArray());
        return [.. Pad32(signature.R), .. Pad32(signature.S), signature.V[0]];
    }

    /// <summary>The same signature in its malleable twin form: s' = n - s and the other v.</summary>
    public static byte[] ToHighS(byte[] signature)
    {
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var highS = (CurveOrder - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        Array.Clear(result, 32, 32);
        highS.CopyTo(result, 64 - highS.Length);
        result[64] = (byte)(signature[64] == 27 ? 28 : 27);
        return result;
    }

    public static SignedGrant SignGrant(GrantTerms terms, string patientKey, long chainId, string accessControl) =>
        new(terms, Sign(GrantDigest(terms, chainId, accessControl), patientKey));

    private static Bytes32 Digest(Bytes32 domainSeparator, byte[] structHash) =>
        Bytes32.FromBytes(Keccak([0x19, 0x01, .. domainSeparator.ToArray(), .. structHash]));

    private static byte[] Pad32(byte[] value) =>
        value.Length >= 32 ? value[^32..] : [.. new byte[32 - value.Length], .. value];
}
