using System.Buffers;
using System.Text;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.DagPb;

/// <summary>
/// A dag-pb node: <c>PBNode { repeated PBLink Links = 2; optional bytes Data = 1; }</c>. The canonical encoding
/// (what Kubo and js-ipfs hash) writes all Links first, then Data, and inside a link Hash(1), Name(2), Tsize(3).
/// </summary>
public sealed record DagPbNode(IReadOnlyList<DagPbLink> Links, ReadOnlyMemory<byte>? Data)
{
    public byte[] Encode()
    {
        var writer = new ArrayBufferWriter<byte>(64 + (Links.Count * 48) + (Data?.Length ?? 0));
        foreach (var link in Links)
        {
            var name = Encoding.UTF8.GetBytes(link.Name);
            var hash = link.Cid.Bytes;
            var inner = ProtoWriter.BytesFieldSize(1, hash.Length) + ProtoWriter.BytesFieldSize(2, name.Length)
                + ProtoWriter.VarintFieldSize(3, link.TotalSize);
            ProtoWriter.WriteTag(writer, 2, ProtoWriter.WireLengthDelimited);
            ProtoWriter.WriteVarint(writer, (ulong)inner);
            ProtoWriter.WriteBytesField(writer, 1, hash);
            ProtoWriter.WriteBytesField(writer, 2, name);
            ProtoWriter.WriteVarintField(writer, 3, link.TotalSize);
        }

        if (Data is { } data)
        {
            ProtoWriter.WriteBytesField(writer, 1, data.Span);
        }

        return writer.WrittenSpan.ToArray();
    }

    public static DagPbNode Decode(ReadOnlySpan<byte> block)
    {
        var links = new List<DagPbLink>();
        ReadOnlyMemory<byte>? data = null;
        var reader = new ProtoReader(block);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(wire, ProtoWriter.WireLengthDelimited);
                    data = reader.ReadBytes().ToArray();
                    break;
                case 2:
                    ProtoReader.Expect(wire, ProtoWriter.WireLengthDelimited);
                    links.Add(DecodeLink(reader.ReadBytes()));
                    break;
                default:
                    throw new DagFormatException("unknown dag-pb field " + field);
            }
        }

        return new DagPbNode(links, data);
    }

    private static DagPbLink DecodeLink(ReadOnlySpan<byte> bytes)
    {
        Cid? cid = null;
        var name = string.Empty;
        ulong size = 0;
        var reader = new ProtoReader(bytes);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(wire, ProtoWriter.WireLengthDelimited);
                    try
                    {
                        cid = Cid.FromBytes(reader.ReadBytes());
                    }
                    catch (CidFormatException ex)
                    {
                        throw new DagFormatException("dag-pb link with an invalid CID", ex);
                    }

                    break;
                case 2:
                    ProtoReader.Expect(wire, ProtoWriter.WireLengthDelimited);
                    name = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                case 3:
                    ProtoReader.Expect(wire, ProtoWriter.WireVarint);
                    size = reader.ReadVarint();
                    break;
                default:
                    throw new DagFormatException("unknown dag-pb link field " + field);
            }
        }

        return new DagPbLink(cid ?? throw new DagFormatException("dag-pb link without a hash"), name, size);
    }
}
