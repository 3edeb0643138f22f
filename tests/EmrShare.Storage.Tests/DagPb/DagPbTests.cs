using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Tests.DagPb;

public class DagPbTests
{
    [Fact]
    public void Encode_EmptyFileNode_MatchesKuboBytes()
    {
        var unixFs = new UnixFsData(UnixFsType.File, ReadOnlyMemory<byte>.Empty, 0, []).Encode();
        var block = new DagPbNode([], unixFs).Encode();

        Assert.Equal("0A0408021800", Convert.ToHexString(block));
    }

    [Fact]
    public void Encode_ParentNode_LinksBeforeDataAndEmptyNamePresent()
    {
        var leafA = Cid.Create(1, Multicodec.Raw, new byte[262_144]);
        var leafB = Cid.Create(1, Multicodec.Raw, new byte[1]);
        var unixFs = new UnixFsData(UnixFsType.File, ReadOnlyMemory<byte>.Empty, 262_145, [262_144, 1]).Encode();
        var block = new DagPbNode([new DagPbLink(leafA, string.Empty, 262_144), new DagPbLink(leafB, string.Empty, 1)], unixFs).Encode();

        // Layout js-ipfs returned for a 262,145-byte file: 0x12 link { 0x0a hash, 0x12 00 name, 0x18 tsize } ×2, then 0x0a data.
        Assert.Equal(0x12, block[0]);
        Assert.Equal("0A0C080218818010208080102001", Convert.ToHexString(block[^14..]));
        var decoded = DagPbNode.Decode(block);
        Assert.Equal([leafA, leafB], decoded.Links.Select(l => l.Cid));
        Assert.Equal([262_144UL, 1UL], decoded.Links.Select(l => l.TotalSize));
        var data = UnixFsData.Decode(decoded.Data!.Value);
        Assert.Equal(UnixFsType.File, data.Type);
        Assert.Equal(262_145UL, data.FileSize);
        Assert.Equal([262_144UL, 1UL], data.BlockSizes);
        Assert.True(data.Data.IsEmpty);
    }

    [Theory]
    [InlineData("0A")] // truncated length
    [InlineData("0A05080218")] // length past the end
    [InlineData("1A00")] // unknown PBNode field 3
    [InlineData("1202FFFF")] // link with a truncated varint inside
    [InlineData("12020A00")] // link with an empty (invalid) CID
    public void Decode_Malformed_ThrowsDagFormatException(string hex)
    {
        Assert.Throws<DagFormatException>(() => DagPbNode.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void UnixFsDecode_WithoutType_ThrowsDagFormatException()
    {
        Assert.Throws<DagFormatException>(() => UnixFsData.Decode(Convert.FromHexString("1800")));
    }
}
