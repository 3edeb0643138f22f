namespace EmrShare.Ledger.Transactions;

/// <summary>
/// Linear-time structural check of RLP before Nethereum decodes it: Nethereum's decoder can spend seconds on
/// some malformed inputs, which a public endpoint must not allow. Accepts exactly one list spanning the input,
/// every nested length consistent with its parent.
/// </summary>
public static class RlpShape
{
    private const int MaxDepth = 8;

    /// <summary>True when <paramref name="data"/> is one well-formed RLP list; <paramref name="items"/> = its top-level item count.</summary>
    public static bool IsSingleList(ReadOnlySpan<byte> data, out int items)
    {
        items = 0;
        if (!TryHeader(data, out var isList, out var headerLength, out var payloadLength)
            || !isList
            || headerLength + payloadLength != data.Length)
        {
            return false;
        }

        return TryItems(data.Slice(headerLength, (int)payloadLength), 1, out items);
    }

    private static bool TryItems(ReadOnlySpan<byte> payload, int depth, out int count)
    {
        count = 0;
        while (!payload.IsEmpty)
        {
            if (!TryHeader(payload, out var isList, out var headerLength, out var payloadLength)
                || headerLength + payloadLength > payload.Length)
            {
                return false;
            }

            var item = payload.Slice(headerLength, (int)payloadLength);
            if (isList && (depth >= MaxDepth || !TryItems(item, depth + 1, out _)))
            {
                return false;
            }

            payload = payload[(headerLength + (int)payloadLength)..];
            count++;
        }

        return true;
    }

    private static bool TryHeader(ReadOnlySpan<byte> data, out bool isList, out int headerLength, out long payloadLength)
    {
        isList = false;
        headerLength = 0;
        payloadLength = 0;
        if (data.IsEmpty)
        {
            return false;
        }

        var b = data[0];
        switch (b)
        {
            case < 0x80:
                headerLength = 0;
                payloadLength = 1;
                return true;
            case <= 0xb7:
                headerLength = 1;
                payloadLength = b - 0x80;
                return true;
            case <= 0xbf:
                return TryLongLength(data, b - 0xb7, out headerLength, out payloadLength);
            case <= 0xf7:
                isList = true;
                headerLength = 1;
                payloadLength = b - 0xc0;
                return true;
            default:
                isList = true;
                return TryLongLength(data, b - 0xf7, out headerLength, out payloadLength);
        }
    }

    private static bool TryLongLength(ReadOnlySpan<byte> data, int lengthOfLength, out int headerLength, out long payloadLength)
    {
        headerLength = 1 + lengthOfLength;
        payloadLength = 0;
        if (lengthOfLength > 4 || data.Length < headerLength || data[1] == 0)
        {
            return false;
        }

        for (var i = 1; i <= lengthOfLength; i++)
        {
            payloadLength = (payloadLength << 8) | data[i];
        }

        // Canonical RLP uses the long form only above 55 bytes.
        return payloadLength > 55 && payloadLength <= int.MaxValue;
    }
}
