using System.Buffers;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.DagPb;

/// <summary>The few protobuf wire-format primitives dag-pb and UnixFS need (varint and length-delimited fields).</summary>
internal static class ProtoWriter
{
    public const int WireVarint = 0;
    public const int WireLengthDelimited = 2;

    public static void WriteTag(IBufferWriter<byte> writer, int field, int wireType) =>
        WriteVarint(writer, (ulong)((field << 3) | wireType));

    public static void WriteVarint(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(Varint.MaxLength);
        writer.Advance(Varint.Write(span, value));
    }

    public static void WriteVarintField(IBufferWriter<byte> writer, int field, ulong value)
    {
        WriteTag(writer, field, WireVarint);
        WriteVarint(writer, value);
    }

    public static void WriteBytesField(IBufferWriter<byte> writer, int field, ReadOnlySpan<byte> value)
    {
        WriteTag(writer, field, WireLengthDelimited);
        WriteVarint(writer, (ulong)value.Length);
        writer.Write(value);
    }

    public static int VarintFieldSize(int field, ulong value) => Varint.SizeOf((ulong)(field << 3)) + Varint.SizeOf(value);

    public static int BytesFieldSize(int field, int length) => Varint.SizeOf((ulong)(field << 3)) + Varint.SizeOf((ulong)length) + length;
}
