using System.Security.Cryptography;
using System.Text;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Tests.Multiformats;

public class CidTests
{
    // Values as printed by `ipfs add` (js-ipfs 0.66.1 / Kubo) for the empty file.
    private const string EmptyRawV1 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    private const string EmptyFileV0 = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";

    [Fact]
    public void Create_RawBlock_MatchesIpfsAndEnvironmentFormula()
    {
        var cid = Cid.Create(1, Multicodec.Raw, []);

        Assert.Equal(EmptyRawV1, cid.ToString());
        // "b" + base32(0x01 0x55 0x12 0x20 ‖ sha256), as ENVIRONMENT.md states.
        byte[] expected = [0x01, 0x55, 0x12, 0x20, .. SHA256.HashData(Array.Empty<byte>())];
        Assert.Equal(expected, cid.Bytes.ToArray());
    }

    [Fact]
    public void Parse_V0_RoundTripsAndExposesDigest()
    {
        var block = Convert.FromHexString("0a0408021800");
        var cid = Cid.Parse(EmptyFileV0);

        Assert.Equal(0, cid.Version);
        Assert.Equal(Multicodec.DagPb, cid.Codec);
        Assert.Equal(EmptyFileV0, cid.ToString());
        Assert.True(cid.Matches(block));
        Assert.Equal(cid, Cid.Create(0, Multicodec.DagPb, block));
    }

    [Fact]
    public void Parse_Base58V1_EqualsBase32Spelling()
    {
        // js-ipfs prints CIDv1 in base58btc unless asked for base32; both name the same block.
        var z = Cid.Parse("zb2rhkH7YENgBZDCu4DK5oQLHKiHQgbR8z9274uJb8X4gxYsc");
        var b = Cid.Create(1, Multicodec.Raw, "a"u8);

        Assert.Equal(b, z);
        Assert.Equal(b.GetHashCode(), z.GetHashCode());
        Assert.Equal("bafkreigks6arfsq3xxfpvqrrwonchxcnu6do76auprhhfomao6c273sixm", z.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Q")]
    [InlineData("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQ0")] // '0' is not base58
    [InlineData("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQ")] // too short for CIDv0
    [InlineData("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyk1")] // '1' is not base32
    [InlineData("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvy")] // truncated digest
    [InlineData("mAXASIA")] // base64 multibase is not accepted
    [InlineData("not a cid")]
    [InlineData("bciqa")] // version 2
    public void Parse_Malformed_ThrowsCidFormatException(string text)
    {
        Assert.Throws<CidFormatException>(() => Cid.Parse(text));
        Assert.False(Cid.TryParse(text, out _));
    }

    [Fact]
    public void Equals_DefaultAndReal_AreDistinct()
    {
        var real = Cid.Create(1, Multicodec.Raw, "x"u8);

        Assert.NotEqual(default, real);
        Assert.Equal(default(Cid), default);
        Assert.Equal(string.Empty, default(Cid).ToString());
    }

    [Fact]
    public void Create_V0ForRawCodec_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => Cid.Create(0, Multicodec.Raw, "x"u8));
    }

    [FsCheck.Xunit.Property]
    public bool ParseToString_AnyContent_RoundTrips(byte[] content, bool v1, bool raw)
    {
        var cid = Cid.Create(v1 ? 1 : 0, v1 && raw ? Multicodec.Raw : Multicodec.DagPb, content);
        var again = Cid.Parse(cid.ToString());
        return again == cid && Cid.FromBytes(cid.Bytes) == cid && again.Matches(content);
    }

    [FsCheck.Xunit.Property]
    public bool Varint_AnyValue_RoundTripsWithExpectedSize(ulong value)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength];
        var written = Varint.Write(buffer, value);
        return Varint.TryRead(buffer[..written], out var read, out var length)
            && read == value && length == written && written == Varint.SizeOf(value);
    }

    [Fact]
    public void Varint_NonMinimalOrTruncated_IsRejected()
    {
        Assert.False(Varint.TryRead([0x80, 0x00], out _, out _)); // 0 written in two bytes
        Assert.False(Varint.TryRead([0x80], out _, out _));
        Assert.False(Varint.TryRead([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02], out _, out _));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Base32_Rfc4648Vectors_LowerCaseNoPadding(string plain, string encoded)
    {
        Assert.Equal(encoded, Base32Lower.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.True(Base32Lower.TryDecode(encoded, out var decoded));
        Assert.Equal(plain, Encoding.ASCII.GetString(decoded));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("00", "1")]
    [InlineData("0000287fb4cd", "11233QC4")]
    [InlineData("68656c6c6f20776f726c64", "StV1DL6CwTryKyV")]
    public void Base58_BitcoinVectors(string hex, string encoded)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(encoded, Base58Btc.Encode(bytes));
        Assert.True(Base58Btc.TryDecode(encoded, out var decoded));
        Assert.Equal(bytes, decoded);
    }
}
