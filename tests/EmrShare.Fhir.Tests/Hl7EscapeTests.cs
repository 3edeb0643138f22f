// Test assertions walk deep into Firely models whose members are all nullable; a null there fails the test anyway.
#nullable disable warnings
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Hl7v2;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// HL7 v2 escape sequences (v2.5 §2.7). No message with escapes was found in the test folders of the public HL7
/// libraries served here (simple-hl7, hl7, hl7-standard, nodehl7, @redoxengine/redox-hl7-v2, hl7parser, hl7v2,
/// node-hl7-client, tiny-hl7: their escape tests are unit strings, not messages), so the messages below are
/// <b>built from the standard</b>, not real data.
/// </summary>
public sealed class Hl7EscapeTests
{
    private static string Unescape(string value) => Hl7Escaping.Unescape(value, Hl7Delimiters.Default, 2, "OBX-5");

    [Theory]
    [InlineData(@"a\F\b\S\c\T\d\R\e\E\f", "a|b^c&d~e\\f")]
    [InlineData(@"line1\.br\line2", "line1\nline2")]
    [InlineData(@"cr\X0D\here", "cr\rhere")]
    [InlineData(@"crlf\X0D0A\here", "crlf\r\nhere")]
    [InlineData(@"Jos\XC3A9\", "José")]
    [InlineData(@"Jos\XE9\", "José")]
    [InlineData(@"\H\IMPORTANT\N\ note", "IMPORTANT note")]
    public void Unescape_StandardSequences_Resolved(string raw, string expected) => Assert.Equal(expected, Unescape(raw));

    [Theory]
    [InlineData(@"a\.sp\b", "a\nb")]
    [InlineData(@"a\.sp 3\b", "a\n\n\nb")]
    [InlineData(@"a\.sk 2\b", "a  b")]
    [InlineData(@"a\.in+4\b", "a\nb")]
    [InlineData(@"a\.ti-2\b", "a\nb")]
    [InlineData(@"a\.ce\Title", "a\nTitle")]
    [InlineData(@"a\.fi\b\.nf\c", "abc")]
    public void Unescape_FormattingCommands_PlainTextMeaning(string raw, string expected) => Assert.Equal(expected, Unescape(raw));

    [Theory]
    [InlineData(@"A\Q\B")]
    [InlineData(@"site \Zlocal1\ code")]
    [InlineData(@"\C2842\ABC\C2B42\")]
    [InlineData(@"\M2442\x")]
    [InlineData(@"a\.sp 100000\b")]
    [InlineData(@"a\.xx\b")]
    public void Unescape_UnknownOrUnsupportedEscape_KeptExactlyAsSent(string raw) => Assert.Equal(raw, Unescape(raw));

    [Theory]
    [InlineData(@"A\F")]
    [InlineData(@"A\X4\")]
    [InlineData(@"A\XZZ\")]
    public void Unescape_UnterminatedOrBadHex_RefusedNamingTheField(string raw) =>
        Assert.Equal("OBX-5", Assert.Throws<Hl7ParseException>(() => Unescape(raw)).Field);

    [Fact]
    public void ToFhir_OruWithFtBreaksAndEscapedNote_LineBreaksAndDelimitersInTheRecord()
    {
        // Built from the v2.5.1 standard (§2.7 escapes, §2.A.31 FT): not a real message.
        var message = string.Join('\r',
            @"MSH|^~\&|LAB|HOSP|EHR|HOSP|20240305101500+0100||ORU^R01^ORU_R01|ESC-1|P|2.5.1||||||UNICODE UTF-8",
            @"PID|1||MRN-77^^^HOSP^MR||TESTPATIENT^ALEX||19800101|F",
            @"OBR|1|ORD-1|FIL-1|11529-5^Surgical pathology study^LN|||20240305100000+0100|||||||||||||||20240305101500+0100|||F",
            @"OBX|1|FT|22634-0^Pathology report.gross observation^LN||Specimen A: skin\.br\Size 2 \T\ 3 cm\.br\Margins: clear \F\ negative\X0D\end||||||F",
            @"NTE|1||Reviewed by second reader\.br\Agrees \E\ signs off\Zsite\");
        var result = new Hl7V2Adapter().ToFhirWithReport(Encoding.UTF8.GetBytes(message));
        var observation = Assert.Single(((Bundle)result.Resource).Entry.Select(e => e.Resource).OfType<Observation>());
        Assert.Equal("Specimen A: skin\nSize 2 & 3 cm\nMargins: clear | negative\rend", ((FhirString)observation.Value).Value);
        Assert.Equal("Reviewed by second reader\nAgrees \\ signs off\\Zsite\\", observation.Note.Single().Text);
        Assert.Empty(Codec.FhirCodec.Clinical.Validate(result.Resource));
    }

    [Fact]
    public void EscapeThenUnescape_TextWithEveryDelimiterAndBreaks_RoundTrips()
    {
        const string text = "a|b^c~d\\e&f\nline2\r\nline3 \\Zkept\\";
        Assert.Equal(text.Replace("\r\n", "\n", StringComparison.Ordinal), Unescape(Hl7Escaping.Escape(text, Hl7Delimiters.Default)));
    }
}
