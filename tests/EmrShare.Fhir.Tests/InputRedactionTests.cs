using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Hl7v2;

namespace EmrShare.Fhir.Tests;

/// <summary>Error messages never quote input literals (issue 16 item 6): they may be PHI and leave the node.</summary>
public sealed class InputRedactionTests
{
    [Theory]
    [InlineData("""{"resourceType":"Patient","birthDate":"Everywoman-1962"}""")]
    [InlineData("""{"resourceType":"Patient","gender":"Everywoman"}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":Everywoman}]}""")]
    [InlineData("""<Patient xmlns="http://hl7.org/fhir"><birthDate value="Everywoman"/></Patient>""")]
    public void FhirParse_InvalidLiteral_IssuesAndMessageDoNotQuoteIt(string input)
    {
        var e = Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.Parse(Encoding.UTF8.GetBytes(input)));
        Assert.DoesNotContain("Everywoman", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.All(e.Issues, i => Assert.DoesNotContain("Everywoman", i.Message, StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(e.Issues);
    }

    [Fact]
    public void Hl7Convert_BadNumericValue_MessageNamesFieldNotValue()
    {
        var message = "MSH|^~\\&|LAB|H|EMR|H|20240101120000||ORU^R01|C1|P|2.5\rPID|1||123^^^H^MR||EVERYWOMAN^EVE\rOBR|1|||24331-1^Lipid^LN\rOBX|1|NM|2093-3^Chol^LN||Everywoman|mg/dL|||||F\r";
        var e = Assert.ThrowsAny<EmrFormatException>(() => new Hl7V2Adapter().ToFhir(Encoding.UTF8.GetBytes(message)));
        Assert.DoesNotContain("Everywoman", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("OBX-5", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Everywoman", ((Hl7ParseException)e).Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("value 'O'Brien' is bad", "value '…' is bad")]
    [InlineData("no quotes here", "no quotes here")]
    [InlineData("the message's field", "the message's field")]
    [InlineData("\"a\" and \"b\"", "'…'")]
    public void Redact_QuotedSpans_Replaced(string input, string expected) =>
        Assert.Equal(expected, InputRedaction.Redact(input));
}
