using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.DagPb;

/// <summary>Forward-only protobuf field reader; any malformed input raises <see cref="DagFormatException"/>.</summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool End => _position >= _data.Length;

    public readonly int Position => _position;

    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        if (tag >> 3 is 0 or > int.MaxValue)
        {
            throw new DagFormatException("invalid protobuf field number");
        }

        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        if (!Varint.TryRead(_data[_position..], out var value, out var length))
        {
            throw new DagFormatException("truncated or invalid protobuf varint");
        }

        _position += length;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new DagFormatException("protobuf field runs past the end of the block");
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field of a type the caller does not use (forward compatibility, as protobuf intends).</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case ProtoWriter.WireVarint:
                ReadVarint();
                break;
            case ProtoWriter.WireLengthDelimited:
                ReadBytes();
                break;
            case 1:
                Advance(8);
                break;
            case 5:
                Advance(4);
                break;
            default:
                throw new DagFormatException("unsupported protobuf wire type " + wireType);
        }
    }

    public static void Expect(int wireType, int expected)
    {
        if (wireType != expected)
        {
            throw new DagFormatException("unexpected protobuf wire type");
        }
    }

    private void Advance(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new DagFormatException("protobuf field runs past the end of the block");
        }

        _position += count;
    }
}
