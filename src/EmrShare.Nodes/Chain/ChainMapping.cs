using System.Numerics;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Signing;

namespace EmrShare.Nodes.Chain;

/// <summary>Converts Core's typed values to and from the Chain bindings' wire types.</summary>
public static class ChainMapping
{
    public static Bytes32 ToBytes32(this Hash32 value) => Bytes32.FromBytes(value.ToBytes());

    public static Bytes32 ToBytes32(this RecordId value) => Bytes32.FromBytes(value.ToBytes());

    public static Hash32 ToHash32(this Bytes32 value) => Hash32.FromBytes(value.ToArray());

    public static ChainAddress ToAddress(this string value) => ChainAddress.Parse(value);

    public static SignedGrant ToSignedGrant(this SignedTypedData<Grant> signed)
    {
        var g = signed.Message;
        var terms = new GrantTerms(
            g.Patient.Address.ToString(),
            g.Grantee.ToString(),
            g.Scope.ToBytes32(),
            (ushort)g.Purpose,
            g.Expiry,
            new BigInteger(g.Nonce.ToBytes(), isUnsigned: true, isBigEndian: true));
        return new SignedGrant(terms, signed.Signature.ToBytes());
    }
}
