using System.Globalization;
using System.Text;

namespace EmrShare.Cli.Commands;

/// <summary>The demo's FHIR R4 record: a small, valid Bundle (patient, diagnosis, HbA1c) with made-up data.</summary>
internal static class DemoSample
{
    private const string Template = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"urn:uuid:0b7e3f52-5c1d-4c2a-9e4b-6d1f8a2c3e40","resource":{"resourceType":"Patient",
            "identifier":[{"system":"urn:oid:1.2.36.146.595.217.0.1","value":"DEMO-0001"}],
            "name":[{"family":"Example","given":["Alex"]}],"birthDate":"1970-01-01"}},
          {"fullUrl":"urn:uuid:1c8f4063-6d2e-4d3b-8f5c-7e209b3d4f51","resource":{"resourceType":"Condition",
            "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"E11.9","display":"Type 2 diabetes mellitus without complications"}]},
            "subject":{"reference":"urn:uuid:0b7e3f52-5c1d-4c2a-9e4b-6d1f8a2c3e40"}}},
          {"fullUrl":"urn:uuid:2d905174-7e3f-4e4c-9a6d-8f31ac4e5062","resource":{"resourceType":"Observation","status":"final",
            "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"Hemoglobin A1c/Hemoglobin.total in Blood"}]},
            "subject":{"reference":"urn:uuid:0b7e3f52-5c1d-4c2a-9e4b-6d1f8a2c3e40"},"effectiveDateTime":"2026-11-02T09:30:00Z",
            "valueQuantity":{"value":@VALUE,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}}]}
        """;

    public static byte[] Bundle(decimal hba1c) =>
        Encoding.UTF8.GetBytes(Template.Replace("@VALUE", hba1c.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
}
