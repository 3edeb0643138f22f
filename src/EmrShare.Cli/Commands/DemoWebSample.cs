namespace EmrShare.Cli.Commands;

/// <summary>The FHIR Bundle hospital A holds when <c>emrshare demo --web</c> starts: a fictitious patient with a visit, a diagnosis, a lab result and a prescription.</summary>
public static class DemoWebSample
{
    /// <summary>Fictitious demographics; the browser tests look for this name on the rendered record.</summary>
    public const string PatientName = "Alma Rivera";

    public const string Json = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"urn:uuid:0b7d6c1e-3f2a-4c5b-9d8e-1a2b3c4d5e6f","resource":{"resourceType":"Patient",
            "identifier":[{"system":"urn:oid:2.16.840.1.113883.19.5","value":"A-100234"}],
            "name":[{"family":"Rivera","given":["Alma"]}],"gender":"female","birthDate":"1979-03-14"}},
          {"fullUrl":"urn:uuid:1c8e7d2f-4a3b-4d6c-8e9f-2b3c4d5e6f70","resource":{"resourceType":"Encounter","status":"finished",
            "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB","display":"ambulatory"},
            "type":[{"text":"Diabetes follow-up"}],
            "subject":{"reference":"urn:uuid:0b7d6c1e-3f2a-4c5b-9d8e-1a2b3c4d5e6f"},
            "period":{"start":"2026-11-02T09:00:00Z","end":"2026-11-02T09:40:00Z"}}},
          {"fullUrl":"urn:uuid:2d9f8e3a-5b4c-4e7d-9f0a-3c4d5e6f7081","resource":{"resourceType":"Condition",
            "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active","display":"Active"}]},
            "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"E11.9","display":"Type 2 diabetes mellitus without complications"}]},
            "subject":{"reference":"urn:uuid:0b7d6c1e-3f2a-4c5b-9d8e-1a2b3c4d5e6f"},"onsetDateTime":"2024-05-20"}},
          {"fullUrl":"urn:uuid:3e0a9f4b-6c5d-4f8e-8a1b-4d5e6f708192","resource":{"resourceType":"Observation","status":"final",
            "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"Hemoglobin A1c/Hemoglobin.total in Blood"}]},
            "subject":{"reference":"urn:uuid:0b7d6c1e-3f2a-4c5b-9d8e-1a2b3c4d5e6f"},"effectiveDateTime":"2026-11-02T09:30:00Z",
            "valueQuantity":{"value":7.4,"unit":"%","system":"http://unitsofmeasure.org","code":"%"},
            "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"H"}]}],
            "referenceRange":[{"low":{"value":4,"unit":"%"},"high":{"value":5.6,"unit":"%"}}]}},
          {"fullUrl":"urn:uuid:4f1b0a5c-7d6e-4a9f-9b2c-5e6f708192a3","resource":{"resourceType":"MedicationRequest","status":"active","intent":"order",
            "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"860975","display":"Metformin 500 MG Oral Tablet"}]},
            "subject":{"reference":"urn:uuid:0b7d6c1e-3f2a-4c5b-9d8e-1a2b3c4d5e6f"},"authoredOn":"2026-11-02",
            "dosageInstruction":[{"text":"1 tablet twice daily with meals"}]}}]}
        """;
}
