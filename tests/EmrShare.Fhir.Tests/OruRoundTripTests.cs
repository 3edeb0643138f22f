// Assertions walk deep into nullable Firely members; a null there fails the test anyway.
#nullable disable warnings
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Records;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>Hospital A (HL7 v2) → FHIR → hospital B; and FHIR → ORU^R01 → FHIR keeps every clinical fact.</summary>
public sealed class OruRoundTripTests
{
    private static readonly Hl7V2Adapter Adapter = new();

    [Fact]
    public void FhirToOruToFhir_SampleResults_SameClinicalFacts()
    {
        var original = (Bundle)Adapter.ToFhir(SampleData.Hl7("oru_r01.hl7"));
        var oru = Adapter.FromFhir(original);
        var back = (Bundle)Adapter.ToFhir(oru);

        Assert.Equal(Facts(original), Facts(back));
        var patient = back.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.Equal(("555-44-4444", "urn:oid:2.16.840.1.113883.19.3.2.1", "1962-03-20"), (patient.Identifier[0].Value, patient.Identifier[0].System, patient.BirthDate));
    }

    [Fact]
    public void FhirToOruToFhir_WithEncounter_VisitFactsKept()
    {
        var results = (Bundle)Adapter.ToFhir(SampleData.Hl7("oru_r01.hl7"));
        var visit = ((Bundle)Adapter.ToFhir(SampleData.Hl7("adt_a08.hl7"))).Entry.Select(e => e.Resource).OfType<Encounter>().Single();
        visit.Subject = new ResourceReference(results.Entry[0].FullUrl);
        results.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:0a9c1c51-7d7e-4d3f-8f0b-6a1f1b2c3d4e", Resource = visit });

        var back = ((Bundle)Adapter.ToFhir(Adapter.FromFhir(results))).Entry.Select(e => e.Resource).ToList();
        var encounter = back.OfType<Encounter>().Single();
        Assert.Equal(
            (visit.Class.Code, visit.Status, visit.Period.Start, visit.Period.End, visit.Identifier[0].Value, visit.Participant[0].Individual.Display),
            (encounter.Class.Code, encounter.Status, encounter.Period.Start, encounter.Period.End, encounter.Identifier[0].Value, encounter.Participant[0].Individual.Display));
        Assert.All(back.OfType<Observation>(), o => Assert.Equal("urn:uuid:" + encounter.Id, o.Encounter.Reference));
    }

    [Fact]
    public void Hl7ToFhirJson_ViaCodec_SameSummaryOnBothSides()
    {
        // A imports HL7 v2, ships canonical FHIR JSON; B parses it with the codec: same facts either side.
        var atA = Adapter.ToFhir(SampleData.Hl7("oru_r01.hl7"));
        var json = FhirCodec.Clinical.SerializeToUtf8(atA, FhirFormat.Json);
        var atB = FhirCodec.Clinical.ParseRecord(json, FhirFormats.JsonContentType);
        Assert.Equal(ClinicalSummaryBuilder.Build(atA).Entries, atB.Summary.Entries);
        Assert.True(atA.IsExactly(atB.Resource));
        Assert.Contains("2093-3 Cholesterol [Mass/volume] in Serum or Plasma [LOINC]: 196 milligram per deciliter", ClinicalSummaryRenderer.Render(atB.Summary), StringComparison.Ordinal);
    }

    [Fact]
    public void FromFhir_HandBuiltBundleWithEscapes_SurvivesRoundTrip()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        var patient = new Patient { Identifier = [new Identifier("urn:oid:1.2.3", "A|B^C")], Name = [new HumanName { Family = "O'Brien & Sons", Given = ["Mary~Ann"] }] };
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "718-7", "Hemoglobin [Mass/volume] in Blood"),
            Subject = new ResourceReference("urn:uuid:0a9c1c51-7d7e-4d3f-8f0b-6a1f1b2c3d4e"),
            Value = new Quantity { Value = 13.50m, Unit = "g/dL", Code = "g/dL", System = "http://unitsofmeasure.org" },
            Effective = new FhirDateTime("2024-05-14T08:30:00+01:00"),
            Note = [new Annotation { Text = "line1\nline2 | pipe" }],
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:0a9c1c51-7d7e-4d3f-8f0b-6a1f1b2c3d4e", Resource = patient });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:6e7f3a8e-3c9a-4f2b-9e1c-2b7a3e0f9d11", Resource = observation });

        var back = (Bundle)Adapter.ToFhir(Adapter.FromFhir(bundle));
        var p = back.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        var o = back.Entry.Select(e => e.Resource).OfType<Observation>().Single();
        Assert.Equal(("A|B^C", "O'Brien & Sons", "Mary~Ann"), (p.Identifier[0].Value, p.Name[0].Family, p.Name[0].Given.Single()));
        Assert.Equal((13.50m, "g/dL", "http://unitsofmeasure.org"), (((Quantity)o.Value).Value!.Value, ((Quantity)o.Value).Code, ((Quantity)o.Value).System));
        Assert.Equal("2024-05-14T08:30:00+01:00", ((FhirDateTime)o.Effective).Value);
        Assert.Equal("line1\nline2 | pipe", o.Note[0].Text);
    }

    [Theory]
    [InlineData(true, "Observation")]
    [InlineData(false, "PID-3")]
    public void FromFhir_NotExpressibleAsOru_TypedMappingError(bool withIdentifier, string expected)
    {
        var patient = new Patient { Active = true };
        if (withIdentifier)
        {
            patient.Identifier.Add(new Identifier("urn:oid:1.2.3", "42"));
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Entry = [new Bundle.EntryComponent { FullUrl = "urn:uuid:6e7f3a8e-3c9a-4f2b-9e1c-2b7a3e0f9d11", Resource = patient }] };
        var e = Assert.Throws<Hl7v2.Hl7MappingException>(() => Adapter.FromFhir(bundle));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static List<string> Facts(Bundle bundle) =>
        bundle.Entry.Select(e => e.Resource).OfType<Observation>().Select(o =>
            string.Join("|", o.Code.Coding[0].System, o.Code.Coding[0].Code, o.Status, ClinicalSummaryBuilder.ValueText(o.Value),
                (o.Value as Quantity)?.System, (o.Value as Quantity)?.Code, (o.Effective as FhirDateTime)?.Value,
                o.ReferenceRange.FirstOrDefault()?.Low?.Value, o.ReferenceRange.FirstOrDefault()?.High?.Value,
                string.Join(",", o.Interpretation.Select(i => i.Coding[0].Code)), string.Join(",", o.Note.Select(n => n.Text)),
                (o.Value as CodeableConcept)?.Coding[0].System))
        .Concat(bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Select(r =>
            string.Join("|", r.Code.Coding[0].Code, r.Status, (r.Effective as FhirDateTime)?.Value, r.Issued, r.Result.Count)))
        .ToList();
}
