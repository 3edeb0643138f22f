using System.Text;
using EmrShare.Fhir.Hl7v2;

namespace EmrShare.Fhir.Tests;

public sealed class Hl7ParserTests
{
    private const string Header = "MSH|^~\\&|APP|FAC|||20240101120000||ADT^A01|C1|P|2.5";

    private static Hl7ParseException Fail(string message) => Assert.Throws<Hl7ParseException>(() => Hl7Parser.Parse(message));

    [Fact]
    public void Parse_StructureAndEscapes_SplitsAtEveryLevel()
    {
        var message = Hl7Parser.Parse(Header + "\rPID|1||A1^^^H&1.2.3&ISO^MR~B2||DOE\\S\\SMITH^JOHN||x\\F\\y\\T\\z\\R\\w\\E\\v\\X41C3A9\\\\.br\\end");
        var pid = message.Segments[1];
        Assert.Equal(2, pid.Field(3).Repetitions.Count);
        Assert.Equal("1.2.3", pid.Field(3).Sub(4, 2));
        Assert.Equal("B2", pid.Field(3).Repetitions[1].Component(1));
        Assert.Equal("DOE^SMITH", pid.Field(5).Component(1));
        Assert.Equal("x|y&z~w\\vAé\nend", pid.Field(7).Value);
        Assert.Equal(("ADT", "A01", "C1", "2.5"), (message.MessageType, message.TriggerEvent, message.ControlId, message.Version));
    }

    [Fact]
    public void Parse_MshFieldNumbering_MatchesStandard()
    {
        var msh = Hl7Parser.Parse(Header).Header;
        Assert.Equal("|", msh.Field(1).Value);
        Assert.Equal("^~\\&", msh.Field(2).Raw);
        Assert.Equal("APP", msh.Field(3).Value);
        Assert.Equal("A01", msh.Field(9).Component(2));
    }

    [Fact]
    public void Parse_CustomDelimiters_Honoured()
    {
        var message = Hl7Parser.Parse("MSH#*@!%#APP#FAC#####ORU*R01#C9#P#2.5\nPID#1##X1*Y");
        Assert.Equal('*', message.Delimiters.Component);
        Assert.Equal("Y", message.Segments[1].Field(3).Component(2));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Parse_AnySegmentTerminator_SameSegments(string terminator)
    {
        var message = Hl7Parser.Parse(Header + terminator + "PID|1||X" + terminator + "PV1|1|I" + terminator);
        Assert.Equal(["MSH", "PID", "PV1"], message.Segments.Select(s => s.Name));
    }

    [Fact]
    public void Parse_MllpFramed_Unwrapped()
    {
        byte[] framed = [0x0B, .. Encoding.ASCII.GetBytes(Header + "\rPID|1||X\r"), 0x1C, 0x0D];
        Assert.Equal(2, Hl7Parser.Parse(framed).Segments.Count);
    }

    [Fact]
    public void Parse_Empty_Throws() => Assert.Contains("empty", Fail("").Reason, StringComparison.Ordinal);

    [Fact]
    public void Parse_MissingMsh_ThrowsAtSegmentOne()
    {
        var e = Fail("PID|1||X\rPV1|1|I");
        Assert.Equal(1, e.SegmentIndex);
        Assert.Contains("MSH", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MSH|^~|APP|FAC|||20240101||ADT^A01|C1|P|2.5")]
    [InlineData("MSH|^~^&|APP|FAC|||20240101||ADT^A01|C1|P|2.5")]
    [InlineData("MSHA^~\\&AAPP")]
    [InlineData("MSH|")]
    public void Parse_WrongDelimiters_ThrowsOnMsh2(string message) => Assert.Equal("MSH-2", Fail(message).Field);

    [Fact]
    public void Parse_TruncatedSegment_NamesTheSegment()
    {
        var e = Fail(Header + "\rPID|1||X\rPV");
        Assert.Equal(3, e.SegmentIndex);
        Assert.Contains("truncated", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MSH|^~\\&|APP|FAC|||2024||ADT|C1|P|2.5", "MSH-9")]
    [InlineData("MSH|^~\\&|APP|FAC|||2024||ADT^A01||P|2.5", "MSH-10")]
    [InlineData("MSH|^~\\&|APP|FAC|||2024||ADT^A01|C1|P", "MSH-12")]
    [InlineData("MSH|^~\\&|APP|FAC|||2024||ADT^A01|C1|P|3.0", "MSH-12")]
    public void Parse_MissingHeaderFields_NamesTheField(string message, string field) => Assert.Equal(field, Fail(message).Field);

    [Theory]
    [InlineData("PID|1||A\\F")]
    [InlineData("PID|1||A\\X4\\")]
    [InlineData("PID|1||A\\XZZ\\")]
    public void Parse_BadEscape_NamesTheField(string pid)
    {
        var e = Fail(Header + "\r" + pid);
        Assert.Equal(("PID-3", 2), (e.Field, e.SegmentIndex));
    }

    [Fact]
    public void Parse_Utf16_RejectedAsWrongEncoding()
    {
        var e = Assert.Throws<Hl7ParseException>(() => Hl7Parser.Parse(Encoding.Unicode.GetBytes(Header)));
        Assert.Contains("UTF-16", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Latin1BytesWithoutCharset_RejectedAsWrongEncoding()
    {
        var bytes = Encoding.Latin1.GetBytes(Header + "\rPID|1||X||Jos\u00e9");
        Assert.Equal("MSH-18", Assert.Throws<Hl7ParseException>(() => Hl7Parser.Parse(bytes)).Field);
    }

    [Fact]
    public void Parse_Latin1DeclaredInMsh18_Decoded()
    {
        var bytes = Encoding.Latin1.GetBytes(Header + "||||||8859/1\rPID|1||X||Jos\u00e9");
        Assert.Equal("Jos\u00e9", Hl7Parser.Parse(bytes).Segments[1].Field(5).Value);
    }

    [Fact]
    public void Parse_DecodedStringWithLatin1Declared_NotDecodedTwice() =>
        Assert.Equal("Jos\u00e9", Hl7Parser.Parse(Header + "||||||8859/1\rPID|1||X||Jos\u00e9").Segments[1].Field(5).Value);

    [Fact]
    public void Parse_AsciiDeclaredButNonAscii_Rejected()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "||||||ASCII\rPID|1||X||Jos\u00e9");
        Assert.Equal("MSH-18", Assert.Throws<Hl7ParseException>(() => Hl7Parser.Parse(bytes)).Field);
    }

    [Fact]
    public void EscapeThenUnescape_AnyText_RoundTrips()
    {
        const string text = "a|b^c~d\\e&f\nline2";
        var escaped = Hl7Escaping.Escape(text, Hl7Delimiters.Default);
        Assert.DoesNotContain('|', escaped);
        Assert.Equal(text, Hl7Escaping.Unescape(escaped, Hl7Delimiters.Default, 1, "X-1"));
    }

    [Theory]
    [InlineData("1962", "1962", "1962")]
    [InlineData("196203", "1962-03", "196203")]
    [InlineData("19620320", "1962-03-20", "19620320")]
    [InlineData("200903031426", "2009-03-03T14:26:00Z", "20090303142600+0000")]
    [InlineData("20090303142601.1234+1000", "2009-03-03T14:26:01.1234+10:00", "20090303142601.1234+1000")]
    [InlineData("200903031426-0500", "2009-03-03T14:26:00-05:00", "20090303142600-0500")]
    public void ToFhirDateTime_KeepsPrecision(string ts, string fhir, string back)
    {
        Assert.Equal(fhir, Hl7DateTime.ToFhirDateTime(ts, TimeSpan.Zero, 1, "X"));
        Assert.Equal(back, Hl7DateTime.FromFhir(fhir));
    }

    [Theory]
    [InlineData("2009130312")]
    [InlineData("20090230")]
    [InlineData("2009-03-03")]
    [InlineData("20090303256")]
    [InlineData("00000101")]
    [InlineData("200903031426+9999")]
    [InlineData("200903031426+1560")]
    [InlineData("200903031426+1459")]
    [InlineData("200903031426-1401")]
    public void ToFhirDateTime_Invalid_Throws(string ts) =>
        Assert.Throws<Hl7ParseException>(() => Hl7DateTime.ToFhirDateTime(ts, TimeSpan.Zero, 4, "OBX-14"));
}
