using System.Security.Cryptography;
using System.Text;
using EmrShare.Core.Signing;
using Nethereum.Signer;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// The known-finding predicates must stay narrow: they match the documented repro inputs and never the valid
/// inputs the targets start from (otherwise an exclusion would silently switch a target off).
/// </summary>
public sealed class KnownFindingsTests
{
    private const string Boundary = "b0undary";

    [Fact]
    public void SignatureRHasNoCurvePoint_ValidSignatureNo_RandomRAboutHalf()
    {
        var valid = EthSignature.Sign(RandomNumberGenerator.GetBytes(32), EthECKey.GenerateKey()).ToBytes();
        Assert.False(KnownFindings.SignatureRHasNoCurvePoint(valid));
        var random = new Random(1);
        var hits = Enumerable.Range(0, 400).Count(_ =>
        {
            var signature = (byte[])valid.Clone();
            random.NextBytes(signature.AsSpan(0, 32));
            return KnownFindings.SignatureRHasNoCurvePoint(signature);
        });
        Assert.InRange(hits, 120, 280);
    }

    [Fact]
    public void FhirPredicates_ReproInputs_Match_ValidInputsDoNot()
    {
        var valid = Encoding.UTF8.GetBytes("""<Observation xmlns="http://hl7.org/fhir"><id value="o1"/><valueQuantity><value value="38"/></valueQuantity></Observation>""");
        var names = FhirXmlNames.From([valid]);
        Assert.False(KnownFhirFindings.Any(valid, names));
        Assert.False(KnownFhirFindings.Any("""{"resourceType":"Patient","_gender":{"id":"x"}}"""u8.ToArray(), names));

        Assert.True(KnownFhirFindings.XmlHasUnexpectedAttribute("""<Patient xmlns="http://hl7.org/fhir"><name period="x"/></Patient>"""u8.ToArray()));
        Assert.True(KnownFhirFindings.JsonHasEmptyPropertyName("""{"resourceType":"Patient","":1}"""u8.ToArray()));
        Assert.True(KnownFhirFindings.XmlHasUnknownChoiceElement(
            Encoding.UTF8.GetBytes("""<Observation xmlns="http://hl7.org/fhir"><valueQ /><valueQuantity><value value="38"/></valueQuantity></Observation>"""), names));
    }

    [Fact]
    public void MultipartPredicates_ReproInputs_Match_ValidBodyDoesNot()
    {
        const string contentType = "multipart/form-data; boundary=" + Boundary;
        var valid = Body("file", "hello", closed: true);
        Assert.False(KnownFindings.MultipartWithoutCompletePart(contentType, valid));
        Assert.False(KnownFindings.MultipartHeadersMalformed(contentType, valid));

        Assert.True(KnownFindings.MultipartWithoutCompletePart(contentType, Body("file", "hello", closed: false)));
        Assert.True(KnownFindings.MultipartWithoutCompletePart(contentType, Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhello\r\n--{Boundary}-")));
        Assert.True(KnownFindings.MultipartHeadersMalformed(contentType, Body("a\r\nb", "hello", closed: true)));
        Assert.True(KnownFindings.MultipartHeadersMalformed("multipart/form-data; boundary=" + new string('x', 71), valid));
    }

    [Fact]
    public void JsonHasDuplicateProperty_ReproMatches_ValidAndNestedSameNamesDoNot()
    {
        Assert.True(KnownFindings.JsonHasDuplicateProperty("""{"jsonrpc":"2.0","id":1,"id":2,"method":"eth_chainId"}"""));
        Assert.True(KnownFindings.JsonHasDuplicateProperty("""{"params":[{"to":"0x1","to":"0x2"}]}"""));
        Assert.False(KnownFindings.JsonHasDuplicateProperty("""{"id":1,"params":[{"id":2},{"id":3}]}"""));
        Assert.False(KnownFindings.JsonHasDuplicateProperty("""{"id":1,"method":"x"}"""));
    }

    private static byte[] Body(string fileName, string content, bool closed) => Encoding.UTF8.GetBytes(
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\n\r\n{content}" + (closed ? $"\r\n--{Boundary}--\r\n" : string.Empty));
}
