using Org.BouncyCastle.Crypto.Digests;

namespace EmrShare.Core.Crypto;

/// <summary>Ethereum's keccak256 (pre-NIST padding), the hash every contract-facing value uses.</summary>
public static class Keccak
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>keccak256 of the concatenation of <paramref name="parts"/> (Solidity's abi.encodePacked of fixed-size values).</summary>
    public static byte[] Hash(params byte[][] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var digest = new KeccakDigest(256);
        foreach (var part in parts)
        {
            digest.BlockUpdate(part, 0, part.Length);
        }

        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    public static Hash32 Hash32(ReadOnlySpan<byte> data) => Core.Hash32.FromBytes(Hash(data));
}
