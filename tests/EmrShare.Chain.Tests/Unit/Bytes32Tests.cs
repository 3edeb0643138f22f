namespace EmrShare.Chain.Tests.Unit;

public sealed class Bytes32Tests
{
    [Fact]
    public void Parse_WithOrWithoutPrefix_RoundTripsAndCompares()
    {
        var hex = "0x" + new string('a', 62) + "0F";
        var a = Bytes32.Parse(hex);
        var b = Bytes32.Parse(hex[2..].ToUpperInvariant());

        Assert.Equal(a, b);
        Assert.Equal(hex.ToLowerInvariant(), a.ToString());
        Assert.Equal(a, Bytes32.FromBytes(a.ToArray()));
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public void Parse_Malformed_ThrowsFormatException(string hex) => Assert.Throws<FormatException>(() => Bytes32.Parse(hex));

    [Fact]
    public void FromBytes_WrongLength_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => Bytes32.FromBytes(new byte[31]));

    [Fact]
    public void Default_IsZero() => Assert.True(default(Bytes32).IsZero);
}
