using EmrShare.Core;

namespace EmrShare.Web.Services;

/// <summary>
/// Collects field errors while parsing request values into domain ids, then throws one
/// <see cref="RequestValidationException"/> for all of them — so a client learns every bad field at once and no
/// parser exception ever leaks out as an unmapped fault.
/// </summary>
public sealed class InputValidator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
    }

    /// <summary>A 0x-prefixed 20-byte chain address (any case).</summary>
    public ChainAddress Address(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "required");
            return default;
        }

        if (!IsHex(value, 20))
        {
            Add(field, "must be a 0x-prefixed 20-byte hex address");
            return default;
        }

        return ChainAddress.Parse(value);
    }

    /// <summary>A 0x-prefixed 32-byte hex value (grant ids, hashes, commitments).</summary>
    public Hash32 Hash(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "required");
            return default;
        }

        if (!IsHex(value, 32))
        {
            Add(field, "must be a 0x-prefixed 32-byte hex value");
            return default;
        }

        return Hash32.Parse(value);
    }

    public RecordId Record(string field, string? value)
    {
        var hash = Hash(field, value);
        return hash.IsZero ? default : RecordId.Parse(hash.ToString());
    }

    /// <summary>Hex bytes of an exact length (e.g. a 33-byte compressed public key).</summary>
    public byte[] Bytes(string field, string? value, int length)
    {
        if (string.IsNullOrWhiteSpace(value) || !IsHex(value, length))
        {
            Add(field, $"must be 0x-prefixed hex of {length} bytes");
            return [];
        }

        return HexBytes.Parse(value, length);
    }

    public string Text(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "required");
            return string.Empty;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"at most {maxLength} characters");
        }

        return value;
    }

    /// <summary>Throws <see cref="RequestValidationException"/> if any field was invalid.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new RequestValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }

    /// <summary>True for "0x" + exactly 2×<paramref name="length"/> hex digits.</summary>
    public static bool IsHex(string? value, int length)
    {
        if (value is null || value.Length != 2 + (2 * length) || !value.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in value.AsSpan(2))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
