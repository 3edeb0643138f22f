// Test assertions walk deep into Firely models whose members are all nullable; a null there fails the test anyway.
#nullable disable warnings
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Hl7v2;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>HL7 v2.5 messages written after the standard's examples (samples/hl7v2) → exact FHIR facts.</summary>
public sealed class Hl7ToFhirTests
{
    private static readonly Hl7V2Adapter Adapter = new();

    private static Bundle Convert(string sample) => Assert.IsType<Bundle>(Adapter.ToFhir(SampleData.Hl7(sample)));

    private static T One<T>(Bundle bundle) => Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<T>());

    [Fact]
    public void ToFhir_AdtA01_PatientEncounterCondition()
    {
        var bundle = Convert("adt_a01.hl7");
        var patient = One<Patient>(bundle);
        Assert.Equal(("PATID1234", "urn:emrshare:hl7v2:authority:GOOD%20HEALTH%20HOSPITAL", "MR"), (patient.Identifier[0].Value, patient.Identifier[0].System, patient.Identifier[0].Type.Coding[0].Code));
        Assert.Equal("123456789", patient.Identifier[1].Value);
        Assert.Equal(("EVERYMAN", "ADAM A", HumanName.NameUse.Official), (patient.Name[0].Family, string.Join(' ', patient.Name[0].Given), patient.Name[0].Use));
        Assert.Equal(("1961-06-15", AdministrativeGender.Male), (patient.BirthDate, patient.Gender));
        Assert.Equal(("GREENSBORO", "27401-1020"), (patient.Address[0].City, patient.Address[0].PostalCode));

        var encounter = One<Encounter>(bundle);
        Assert.Equal(("IMP", Encounter.EncounterStatus.InProgress), (encounter.Class.Code, encounter.Status));
        Assert.Equal("1988-08-18T11:23:00+10:00", encounter.Period.Start);
        Assert.Equal("VN4711", encounter.Identifier[0].Value);
        Assert.Equal("AARON ATTEND", encounter.Participant[0].Individual.Display);
        Assert.Equal(bundle.Entry[0].FullUrl, encounter.Subject.Reference);

        var condition = One<Condition>(bundle);
        Assert.Equal(("http://hl7.org/fhir/sid/icd-10", "I10"), (condition.Code.Coding[0].System, condition.Code.Coding[0].Code));
        Assert.Equal("1988-08-18T11:00:00+10:00", condition.RecordedDate);
        Assert.Equal(new DateTimeOffset(1988, 8, 18, 11, 26, 0, TimeSpan.FromHours(10)), bundle.Timestamp);
    }

    [Fact]
    public void ToFhir_AdtA04AndA08_OidAuthorityAndDischarge()
    {
        var a04 = Convert("adt_a04.hl7");
        Assert.Equal("urn:oid:1.2.36.146.595.217.0.1", One<Patient>(a04).Identifier[0].System);
        Assert.Equal(("AMB", Encounter.EncounterStatus.InProgress, "2009-01-01T11:45:00Z"), (One<Encounter>(a04).Class.Code, One<Encounter>(a04).Status, One<Encounter>(a04).Period.Start));

        var a08 = Convert("adt_a08.hl7");
        var encounter = One<Encounter>(a08);
        Assert.Equal((Encounter.EncounterStatus.Finished, "2009-01-02T14:30:00-05:00"), (encounter.Status, encounter.Period.End));
        Assert.Equal("(906)555-1234", One<Patient>(a08).Telecom[0].Value);

        // Same patient, same identifier system across both messages: the receiving side can link them.
        Assert.Equal(One<Patient>(a04).Identifier[0].System, One<Patient>(a08).Identifier[0].System);
    }

    [Fact]
    public void ToFhir_OruR01_ReportsObservationsWithUnitsRangesAndCodes()
    {
        var bundle = Convert("oru_r01.hl7");
        var reports = bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().ToList();
        Assert.Equal(2, reports.Count);
        Assert.Equal(("24331-1", "http://loinc.org", DiagnosticReport.DiagnosticReportStatus.Final), (reports[0].Code.Coding[0].Code, reports[0].Code.Coding[0].System, reports[0].Status));
        Assert.Equal("2009-03-03T14:26:00+10:00", ((FhirDateTime)reports[0].Effective).Value);
        Assert.Equal(new DateTimeOffset(2009, 3, 3, 14, 50, 0, TimeSpan.FromHours(10)), reports[0].Issued);
        Assert.Equal(4, reports[0].Result.Count);
        Assert.Equal(("2009-03-03", DiagnosticReport.DiagnosticReportStatus.Preliminary), (((FhirDateTime)reports[1].Effective).Value, reports[1].Status));

        var observations = bundle.Entry.Select(e => e.Resource).OfType<Observation>().ToDictionary(o => o.Code.Coding[0].Code);
        var cholesterol = (Quantity)observations["2093-3"].Value;
        Assert.Equal((196m, "mg/dL", "http://unitsofmeasure.org", "milligram per deciliter"), (cholesterol.Value, cholesterol.Code, cholesterol.System, cholesterol.Unit));
        Assert.Equal(200m, observations["2093-3"].ReferenceRange[0].High.Value);
        Assert.Equal("N", observations["2093-3"].Interpretation[0].Coding[0].Code);
        Assert.Equal("2009-03-03T14:26:00+10:00", ((FhirDateTime)observations["2093-3"].Effective).Value);

        Assert.Equal("150.0", ((Quantity)observations["2571-8"].Value).Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Fasting specimen: 12 h & no medication", observations["2571-8"].Note[0].Text);
        Assert.Equal((40m, 60m), (observations["2085-9"].ReferenceRange[0].Low.Value!.Value, observations["2085-9"].ReferenceRange[0].High.Value!.Value));
        Assert.Equal(Quantity.QuantityComparator.LessThan, ((Quantity)observations["13457-7"].Value).Comparator);

        var organism = (CodeableConcept)observations["600-7"].Value;
        Assert.Equal(("http://snomed.info/sct", "3092008", "Staphylococcus aureus"), (organism.Coding[0].System, organism.Coding[0].Code, organism.Coding[0].Display));
        Assert.Equal("Gram positive cocci in clusters | pairs", ((FhirString)observations["664-3"].Value).Value);
        Assert.Equal(ObservationStatus.Preliminary, observations["664-3"].Status);
    }

    [Fact]
    public void ToFhir_MdmT02_DocumentWithTextAndBase64Attachment()
    {
        var bundle = Convert("mdm_t02.hl7");
        var document = One<DocumentReference>(bundle);
        Assert.Equal(("DS", CompositionStatus.Final, "DOC-2009-0042"), (document.Type.Coding[0].Code, document.DocStatus, document.MasterIdentifier.Value));
        Assert.Equal("2009-05-01T15:00:00+02:00", document.Context.Period.Start);
        Assert.Equal(2, document.Content.Count);
        var text = Encoding.UTF8.GetString(document.Content[0].Attachment.Data);
        Assert.Equal("Patient (Jos\u00e9) admitted with chest pain; troponin negative.\nDischarged home on day 2. Follow-up in 2 weeks \\ GP.", text);
        Assert.Equal("application/pdf", document.Content[1].Attachment.ContentType);
        Assert.StartsWith("%PDF-1.4", Encoding.ASCII.GetString(document.Content[1].Attachment.Data), StringComparison.Ordinal);
        Assert.NotNull(One<Encounter>(bundle));
    }

    [Fact]
    public void ToFhir_SameMessageTwice_SameIds()
    {
        var first = Convert("oru_r01.hl7");
        var second = Convert("oru_r01.hl7");
        Assert.Equal(first.Entry.Select(e => e.FullUrl), second.Entry.Select(e => e.FullUrl));
    }

    [Theory]
    [InlineData("MSH|^~\\&|A|B|||2024||ORU^R01|C1|P|2.5\rPID|1||X\rOBR|1|||1-1^x^LN\rOBX|1|NM|1-1^x^LN||Quellenberg||||||F")]
    [InlineData("MSH|^~\\&|A|B|||2024||ADT^A01|C1|P|2.5\rPID|1||X||||Quellenberg\rPV1|1|I")]
    [InlineData("MSH|^~\\&|A|B|||2024||ADT^A01|C1|P|2.5\rPID|1||X||DOE\\Quellenberg\\")]
    [InlineData("MSH|^~\\&|A|B|||2024||ADT^A01|C1|P|2.5\rPID|1||X\rQuellenberg Johanna")]
    public void ToFhir_Error_DoesNotQuotePatientData(string message)
    {
        var e = Assert.Throws<Hl7ParseException>(() => Adapter.ToFhir(Encoding.UTF8.GetBytes(message)));
        Assert.DoesNotContain("Quellenberg", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MSH|^~\\&|A|B|||2024||ADT^A01|C1|P|2.5\rPV1|1|I", "PID")]
    [InlineData("MSH|^~\\&|A|B|||2024||ADT^A01|C1|P|2.5\rPID|1||||DOE", "PID-3")]
    [InlineData("MSH|^~\\&|A|B|||2024||ADT^A01|C1|P|2.5\rPID|1||X\rPV1|1|", "PV1-2")]
    [InlineData("MSH|^~\\&|A|B|||2024||ORU^R01|C1|P|2.5\rPID|1||X\rOBX|1|NM|1-1^x^LN||5||||||F", "OBX")]
    [InlineData("MSH|^~\\&|A|B|||2024||ORU^R01|C1|P|2.5\rPID|1||X\rOBR|1|||1-1^x^LN\rOBX|1|NM|1-1^x^LN||five||||||F", "OBX-5")]
    [InlineData("MSH|^~\\&|A|B|||2024||ORU^R01|C1|P|2.5\rPID|1||X\rOBR|1|||1-1^x^LN\rOBX|1|NM|1-1^x^LN||5", "OBX-11")]
    [InlineData("MSH|^~\\&|A|B|||2024||ORU^R01|C1|P|2.5\rPID|1||X\rOBR|1|||1-1^x^LN|||2009023012", "OBR-7")]
    [InlineData("MSH|^~\\&|A|B|||2024||MDM^T02|C1|P|2.5\rPID|1||X\rTXA|1|DS\rOBX|1|ED|x||^AP^PDF^Base64^%%%||||||F", "OBX-5.5")]
    [InlineData("MSH|^~\\&|A|B|||2024||MDM^T02|C1|P|2.5\rPID|1||X\rTXA|1|DS", "OBX")]
    [InlineData("MSH|^~\\&|A|B|||2024||SIU^S12|C1|P|2.5\rPID|1||X", "MSH-9")]
    public void ToFhir_IncompleteMessage_TypedErrorNamingTheField(string message, string field)
    {
        var e = Assert.Throws<Hl7ParseException>(() => Adapter.ToFhir(Encoding.UTF8.GetBytes(message)));
        Assert.Equal(field, e.Field);
    }
}
