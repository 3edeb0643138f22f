using System.Globalization;
using System.Text;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>Small valid FHIR R4 records with recognisable PHI, so the no-PHI scan has something to look for.</summary>
internal static class SampleRecords
{
    public const string PatientName = "Johanna Quellenberg";
    public const string PatientIdentifier = "MRN-4471-9902";
    public const string DiagnosisCode = "E11.9";
    public const string LoincCode = "4548-4";

    // The PHI values above appear literally in this template (asserted by SampleRecords_ContainThePhiTheScanLooksFor).
    private const string BundleTemplate = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"urn:uuid:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b","resource":{"resourceType":"Patient",
            "identifier":[{"system":"urn:oid:1.2.36.146.595.217.0.1","value":"MRN-4471-9902"}],
            "name":[{"family":"Quellenberg","given":["Johanna"],"text":"Johanna Quellenberg"}],"birthDate":"1961-04-12"}},
          {"fullUrl":"urn:uuid:7a2b3c4d-5e6f-4071-8b2c-3d4e5f607182","resource":{"resourceType":"Condition",
            "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"E11.9","display":"Type 2 diabetes mellitus without complications"}]},
            "subject":{"reference":"urn:uuid:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"}}},
          {"fullUrl":"urn:uuid:8b3c4d5e-6f70-4182-9c3d-4e5f60718293","resource":{"resourceType":"Observation","status":"final",
            "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"Hemoglobin A1c/Hemoglobin.total in Blood"}]},
            "subject":{"reference":"urn:uuid:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"},"effectiveDateTime":"2026-11-02T09:30:00Z",
            "valueQuantity":{"value":@VALUE,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}}]}
        """;

    public static byte[] HbA1cBundle(decimal value = 7.2m) =>
        Encoding.UTF8.GetBytes(BundleTemplate.Replace("@VALUE", value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

    /// <summary>Not valid FHIR: an Observation without its mandatory status and code.</summary>
    public static byte[] InvalidObservation() => """{"resourceType":"Observation","id":"bad"}"""u8.ToArray();
}
