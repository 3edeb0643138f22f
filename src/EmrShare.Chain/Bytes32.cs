using System.Globalization;

namespace EmrShare.Chain;

/// <summary>A Solidity <c>bytes32</c> (ids, hashes, commitments, roots) with value equality and hex round-trip.</summary>
public readonly record struct Bytes32
{
    private readonly string? _hex;

    private Bytes32(string hex) => _hex = hex;

    public static Bytes32 Zero { get; } = new(new string('0', 64));

    /// <summary>Lower-case hex without 0x.</summary>
    public string Hex => _hex ?? Zero._hex!;

    public bool IsZero => Hex == Zero.Hex;

    public static Bytes32 FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException($"bytes32 needs exactly 32 bytes, got {bytes.Length}", nameof(bytes));
        }

        return new Bytes32(Convert.ToHexStringLower(bytes));
    }

    public static Bytes32 Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length != 64 || !digits.All(Uri.IsHexDigit))
        {
            throw new FormatException("bytes32 must be 64 hex digits");
        }

        return new Bytes32(digits.ToLower(CultureInfo.InvariantCulture));
    }

    public byte[] ToArray() => Convert.FromHexString(Hex);

    public override string ToString() => "0x" + Hex;
}
