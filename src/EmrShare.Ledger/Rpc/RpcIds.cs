using System.Numerics;
using System.Security.Cryptography;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// Filter and subscription ids as geth makes them: 16 random bytes written as an RPC quantity (<c>0x</c>, no leading
/// zeros), so clients that parse them as numbers (Nethereum's HexBigInteger) echo them back unchanged.
/// </summary>
internal static class RpcIds
{
    public static string New() => LedgerHex.Quantity(new BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true, isBigEndian: true));

    /// <summary>The canonical form of an id a client sent back (leading zeros dropped, lower case).</summary>
    public static string Normalize(string id, string what) => LedgerHex.Quantity(LedgerHex.ParseQuantity(id, what));
}
