using System.Text;

namespace EmrShare.Ledger.Execution;

/// <summary>Decodes Solidity's Error(string) revert payload (selector 0x08c379a0); custom errors stay raw data.</summary>
public static class RevertReason
{
    public static string? TryDecodeErrorString(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < 4 + 64 || data[0] != 0x08 || data[1] != 0xc3 || data[2] != 0x79 || data[3] != 0xa0)
        {
            return null;
        }

        var declared = new System.Numerics.BigInteger(data.AsSpan(4 + 32, 32), isUnsigned: true, isBigEndian: true);
        if (declared > data.Length - 4 - 64)
        {
            return null;
        }

        return Encoding.UTF8.GetString(data, 4 + 64, (int)declared);
    }
}
