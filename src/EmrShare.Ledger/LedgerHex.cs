using System.Globalization;
using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EmrShare.Ledger;

/// <summary>Ethereum JSON-RPC hex encodings (quantities without leading zeros, data with 0x).</summary>
public static class LedgerHex
{
    public static string Quantity(BigInteger value)
    {
        if (value.Sign == 0)
        {
            return "0x0";
        }

        var hex = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return "0x" + (hex.Length == 0 ? "0" : hex);
    }

    public static string Quantity(long value) => Quantity(new BigInteger(value));

    public static string Data(byte[]? bytes) => bytes is null || bytes.Length == 0 ? "0x" : bytes.ToHex(true);

    /// <summary>Parses a JSON-RPC quantity ("0x1a"); throws <see cref="LedgerRpcException"/> (-32602) on bad input.</summary>
    public static BigInteger ParseQuantity(string? text, string what)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length < 3 || text.Length > 66)
        {
            throw new LedgerRpcException(RpcErrorCodes.InvalidParams, $"invalid argument: {what} is not a hex quantity");
        }

        if (!BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new LedgerRpcException(RpcErrorCodes.InvalidParams, $"invalid argument: {what} is not a hex quantity");
        }

        return value;
    }

    /// <summary>Parses 0x-prefixed hex data; throws <see cref="LedgerRpcException"/> (-32602) on bad input.</summary>
    public static byte[] ParseData(string? text, string what)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length % 2 != 0)
        {
            throw new LedgerRpcException(RpcErrorCodes.InvalidParams, $"invalid argument: {what} is not 0x-prefixed hex data");
        }

        try
        {
            return Convert.FromHexString(text.AsSpan(2));
        }
        catch (FormatException)
        {
            throw new LedgerRpcException(RpcErrorCodes.InvalidParams, $"invalid argument: {what} is not 0x-prefixed hex data");
        }
    }

    /// <summary>Parses a 20-byte address and returns it lower-case with 0x.</summary>
    public static string ParseAddress(string? text, string what)
    {
        var bytes = ParseData(text, what);
        if (bytes.Length != 20)
        {
            throw new LedgerRpcException(RpcErrorCodes.InvalidParams, $"invalid argument: {what} is not a 20-byte address");
        }

        return bytes.ToHex(true);
    }

    /// <summary>Parses a 32-byte hash.</summary>
    public static byte[] ParseHash(string? text, string what)
    {
        var bytes = ParseData(text, what);
        if (bytes.Length != 32)
        {
            throw new LedgerRpcException(RpcErrorCodes.InvalidParams, $"invalid argument: {what} is not a 32-byte hash");
        }

        return bytes;
    }

    /// <summary>Left-pads (or keeps the low 32 bytes of) a big-endian word.</summary>
    public static byte[] Word(byte[]? value)
    {
        var word = new byte[32];
        if (value is null)
        {
            return word;
        }

        var n = Math.Min(32, value.Length);
        Array.Copy(value, value.Length - n, word, 32 - n, n);
        return word;
    }

    public static string NormalizeAddress(string address) => address.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? "0x" + address[2..].ToLowerInvariant()
        : "0x" + address.ToLowerInvariant();
}
