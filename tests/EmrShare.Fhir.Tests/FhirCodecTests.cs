using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

public sealed class FhirCodecTests
{
    private const string Guid1 = "urn:uuid:6e7f3a8e-3c9a-4f2b-9e1c-2b7a3e0f9d11";
    private const string Guid2 = "urn:uuid:0a9c1c51-7d7e-4d3f-8f0b-6a1f1b2c3d4e";

    private static FhirValidationException Reject(string json) =>
        Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.Parse(json, FhirFormat.Json));

    [Fact]
    public void Parse_ValidObservationJson_ReturnsTypedResource()
    {
        var json = """{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2093-3"}]},"valueQuantity":{"value":6.3,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}""";
        var observation = Assert.IsType<Observation>(FhirCodec.Clinical.Parse(json, FhirFormat.Json));
        Assert.Equal(6.3m, Assert.IsType<Quantity>(observation.Value).Value);
    }

    [Fact]
    public void Parse_MalformedJson_ThrowsUnreadable()
    {
        var e = Reject("""{"resourceType":"Patient",""");
        Assert.Equal(FhirIssueCodes.Unreadable, Assert.Single(e.Issues).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("42")]
    public void Parse_NotAResource_ThrowsValidationException(string text) => Reject(text);

    [Theory]
    [InlineData("""{"resourceType":"Observation","":1}""")]
    [InlineData("""{"resourceType":"Observation","code":{"coding":[{"":1}]}}""")]
    public void Parse_EmptyPropertyName_TypedErrorDespiteFirelyCrash(string json) =>
        Assert.Equal(FhirIssueCodes.Unreadable, Assert.Single(Reject(json).Issues).Code);

    [Fact]
    public void Parse_UnknownResourceType_ReportsFirelyCode()
    {
        var e = Reject("""{"resourceType":"Patientt","id":"x"}""");
        Assert.Contains(e.Issues, i => i.Code == "PVAL130");
    }

    [Fact]
    public void Parse_MissingRequiredElements_ListsEachWithLocation()
    {
        var e = Reject("""{"resourceType":"Observation","id":"x"}""");
        Assert.Contains(e.Issues, i => i.Code == "PVAL105" && i.Location.EndsWith("status", StringComparison.Ordinal));
        Assert.Contains(e.Issues, i => i.Code == "PVAL105" && i.Location.EndsWith("code", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_WrongLiteral_ReportsLocation()
    {
        var e = Reject("""{"resourceType":"Patient","birthDate":"1962-13-45"}""");
        Assert.Contains(e.Issues, i => i.Location == "Patient.birthDate");
    }

    [Theory]
    [InlineData("""{"resourceType":"ServiceRequest","status":"active","intent":"order","subject":{"reference":"Patient/p"}}""")]
    [InlineData("""{"resourceType":"FamilyMemberHistory","status":"completed","patient":{"reference":"Patient/p"},"relationship":{"text":"father"}}""")]
    [InlineData("""{"resourceType":"List","status":"current","mode":"working"}""")]
    [InlineData("""{"resourceType":"Task","status":"requested","intent":"order"}""")]
    [InlineData("""{"resourceType":"MedicationAdministration","status":"completed","medicationCodeableConcept":{"text":"x"},"subject":{"reference":"Patient/p"},"effectiveDateTime":"2020-01-01"}""")]
    [InlineData("""{"resourceType":"ValueSet","status":"active"}""")]
    public void Parse_AnyValidR4Type_AcceptedAsClinicalRecord(string json) =>
        Assert.Empty(FhirCodec.Clinical.Validate(FhirCodec.Clinical.Parse(json, FhirFormat.Json)));

    [Fact]
    public void Parse_TypeOutsideARestrictedPolicy_RefusedWithItsReason()
    {
        var policy = new FhirRecordPolicy { AcceptedTypes = new HashSet<string> { "Patient" }, ExclusionReason = "this test node stores patients only" };
        var e = Assert.Throws<FhirValidationException>(() => new FhirCodec(policy).Parse("""{"resourceType":"ValueSet","status":"active"}""", FhirFormat.Json));
        var issue = Assert.Single(e.Issues);
        Assert.Equal(FhirIssueCodes.UnsupportedResourceType, issue.Code);
        Assert.Contains("this test node stores patients only", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseOfT_WrongResourceType_ThrowsWrongType()
    {
        var e = Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.Parse<Bundle>("""{"resourceType":"Patient","id":"p"}""", FhirFormat.Json));
        Assert.Equal(FhirIssueCodes.WrongResourceType, Assert.Single(e.Issues).Code);
    }

    [Theory]
    [InlineData("urn:uuid:not-a-guid", "EMR005")]
    [InlineData("urn:oid:1.2.x", "EMR005")]
    [InlineData("http://example.org/fhir/Patient/other", "EMR005")]
    public void Parse_BadBundleFullUrl_Rejected(string fullUrl, string code)
    {
        var json = $$$$"""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"{{{{fullUrl}}}}","resource":{"resourceType":"Patient","id":"p1","active":true}}]}""";
        var e = Reject(json);
        Assert.Contains(e.Issues, i => i.Code == code || i.Code == "PVAL124");
    }

    [Fact]
    public void Parse_DuplicateFullUrlAndDanglingReference_BothReported()
    {
        var json = $$$$"""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"{{{{Guid1}}}}","resource":{"resourceType":"Patient","active":true}},
              {"fullUrl":"{{{{Guid1}}}}","resource":{"resourceType":"Patient","active":false}},
              {"fullUrl":"{{{{Guid2}}}}","resource":{"resourceType":"Condition","subject":{"reference":"urn:uuid:11111111-2222-4333-8444-555555555555"}}}]}
            """;
        var e = Reject(json);
        Assert.Contains(e.Issues, i => i.Code == FhirIssueCodes.DuplicateFullUrl && i.Location == "Bundle.entry[1].fullUrl");
        Assert.Contains(e.Issues, i => i.Code == FhirIssueCodes.UnresolvedReference && i.Location == "Bundle.entry[2].resource");
    }

    [Fact]
    public void Parse_UncodedCondition_RejectedAsRecordButStructurallyValid()
    {
        const string json = """{"resourceType":"Condition","subject":{"display":"x"}}""";
        Assert.Equal(FhirIssueCodes.MissingClinicalContent, Assert.Single(Reject(json).Issues).Code);
        Assert.IsType<Condition>(new FhirCodec(FhirRecordPolicy.AnyType).Parse(json, FhirFormat.Json));
    }

    [Fact]
    public void Parse_EntryWithoutResource_Rejected()
    {
        var e = Reject($$$$"""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"{{{{Guid1}}}}"}]}""");
        Assert.Contains(e.Issues, i => i.Code == FhirIssueCodes.EntryWithoutResource);
    }

    [Fact]
    public void Parse_InvalidUtf8_Rejected()
    {
        byte[] bytes = [.. "{\"resourceType\":\"Patient\",\"id\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        var e = Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.Parse(bytes));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_XmlWithDtd_RejectedWithoutResolvingEntities()
    {
        var xml = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Patient xmlns="http://hl7.org/fhir"><id value="&e;"/></Patient>""";
        var e = Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.Parse(xml, FhirFormat.Xml));
        Assert.Equal(FhirIssueCodes.Unreadable, Assert.Single(e.Issues).Code);
    }

    [Fact]
    public void Parse_AbsurdlyDeepXml_RejectedInsteadOfOverflowingTheStack()
    {
        const int depth = 50_000;
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Repeat("<extension url=\"http://x/a\">", depth))
            + string.Concat(Enumerable.Repeat("</extension>", depth)) + "</Patient>";
        var e = Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.Parse(xml, FhirFormat.Xml));
        Assert.Contains("nesting", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_InvalidInMemoryResource_Refused()
    {
        var observation = new Observation { Code = new CodeableConcept("http://loinc.org", "2093-3") };
        var e = Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.Serialize(observation, FhirFormat.Json));
        Assert.Contains(e.Issues, i => i.Code == "PVAL105");
    }

    [Fact]
    public void SerializeThenParse_JsonAndXml_SameResource()
    {
        var patient = new Patient { Id = "p1", BirthDate = "1962-03", Gender = AdministrativeGender.Female, Name = [new HumanName { Family = "Everywoman", Given = ["Eve"] }] };
        foreach (var format in new[] { FhirFormat.Json, FhirFormat.Xml })
        {
            var text = FhirCodec.Clinical.Serialize(patient, format);
            Assert.True(patient.IsExactly(FhirCodec.Clinical.Parse(text, format)), format.ToString());
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("")]
    public void ParseRecord_UnknownContentType_Rejected(string contentType) =>
        Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.ParseRecord("""{"resourceType":"Patient","active":true}"""u8, contentType));

    [Fact]
    public void ParseRecord_ContentType_SelectsFormatAndSummarises()
    {
        var xml = """<Condition xmlns="http://hl7.org/fhir"><code><coding><system value="http://hl7.org/fhir/sid/icd-10"/><code value="I10"/><display value="Essential hypertension"/></coding></code><subject><display value="x"/></subject><onsetDateTime value="2012-05"/></Condition>"""u8.ToArray();
        var record = FhirCodec.Clinical.ParseRecord(xml, "application/fhir+xml; charset=utf-8");
        Assert.Equal(FhirFormats.XmlContentType, record.ContentType);
        var diagnosis = Assert.Single(record.Summary.Diagnoses);
        Assert.Equal(("I10", "2012-05"), (diagnosis.Code!.Code, diagnosis.Date));
    }
}
