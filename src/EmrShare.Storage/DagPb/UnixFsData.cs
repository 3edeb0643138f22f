using System.Buffers;

namespace EmrShare.Storage.DagPb;

/// <summary>UnixFS node types (field 1 of the UnixFS Data message).</summary>
public enum UnixFsType
{
    Raw = 0,
    Directory = 1,
    File = 2,
    Metadata = 3,
    Symlink = 4,
    HamtShard = 5,
}

/// <summary>
/// The UnixFS <c>Data</c> message carried in a dag-pb node's Data. Written as Kubo writes files: Type(1),
/// Data(2) only when non-empty, filesize(3), then one unpacked blocksizes(4) entry per child; a HAMT shard adds
/// hashType(5) and fanout(6).
/// </summary>
public sealed record UnixFsData(UnixFsType Type, ReadOnlyMemory<byte> Data, ulong? FileSize, IReadOnlyList<ulong> BlockSizes)
{
    /// <summary>A HAMT shard's hash function (multicodec; 0x22 = murmur3-x64-64).</summary>
    public ulong? HashType { get; init; }

    /// <summary>A HAMT shard's number of slots per node (a power of two).</summary>
    public ulong? Fanout { get; init; }

    public byte[] Encode()
    {
        var writer = new ArrayBufferWriter<byte>(16 + Data.Length + (BlockSizes.Count * 6));
        ProtoWriter.WriteVarintField(writer, 1, (ulong)Type);
        if (!Data.IsEmpty)
        {
            ProtoWriter.WriteBytesField(writer, 2, Data.Span);
        }

        if (FileSize is { } size)
        {
            ProtoWriter.WriteVarintField(writer, 3, size);
        }

        foreach (var blockSize in BlockSizes)
        {
            ProtoWriter.WriteVarintField(writer, 4, blockSize);
        }

        if (HashType is { } hashType)
        {
            ProtoWriter.WriteVarintField(writer, 5, hashType);
        }

        if (Fanout is { } fanout)
        {
            ProtoWriter.WriteVarintField(writer, 6, fanout);
        }

        return writer.WrittenSpan.ToArray();
    }

    public static UnixFsData Decode(ReadOnlyMemory<byte> bytes)
    {
        UnixFsType? type = null;
        ReadOnlyMemory<byte> data = ReadOnlyMemory<byte>.Empty;
        ulong? fileSize = null;
        ulong? hashType = null;
        ulong? fanout = null;
        var blockSizes = new List<ulong>();
        var reader = new ProtoReader(bytes.Span);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(wire, ProtoWriter.WireVarint);
                    type = (UnixFsType)reader.ReadVarint();
                    break;
                case 2:
                    ProtoReader.Expect(wire, ProtoWriter.WireLengthDelimited);
                    var length = reader.ReadBytes().Length;
                    // Keep a slice of the original memory instead of copying up to 256 KiB per leaf.
                    data = bytes.Slice(reader.Position - length, length);
                    break;
                case 3:
                    ProtoReader.Expect(wire, ProtoWriter.WireVarint);
                    fileSize = reader.ReadVarint();
                    break;
                case 4 when wire == ProtoWriter.WireVarint:
                    blockSizes.Add(reader.ReadVarint());
                    break;
                case 4:
                    ProtoReader.Expect(wire, ProtoWriter.WireLengthDelimited);
                    var packed = new ProtoReader(reader.ReadBytes());
                    while (!packed.End)
                    {
                        blockSizes.Add(packed.ReadVarint());
                    }

                    break;
                case 5:
                    ProtoReader.Expect(wire, ProtoWriter.WireVarint);
                    hashType = reader.ReadVarint();
                    break;
                case 6:
                    ProtoReader.Expect(wire, ProtoWriter.WireVarint);
                    fanout = reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new UnixFsData(type ?? throw new DagFormatException("UnixFS node without a type"), data, fileSize, blockSizes)
        {
            HashType = hashType,
            Fanout = fanout,
        };
    }
}
