namespace EmrShare.Storage.Multiformats;

/// <summary>Unsigned LEB128 varints as multiformats and protobuf use them (at most 9 bytes for multiformats, 10 for protobuf).</summary>
public static class Varint
{
    public const int MaxLength = 10;

    public static int SizeOf(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/>, returning the bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a varint; false when the input is truncated, overlong or overflows 64 bits.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        var shift = 0;
        while (length < source.Length && length < MaxLength)
        {
            var b = source[length++];
            if (shift == 63 && b > 1)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                // Reject non-minimal encodings (trailing zero groups): two encodings of one CID must not exist.
                return length == 1 || b != 0;
            }

            shift += 7;
        }

        return false;
    }
}
