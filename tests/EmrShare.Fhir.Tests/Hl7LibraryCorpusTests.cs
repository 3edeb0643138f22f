using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Hl7v2;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// Real HL7 v2.2–2.5.1 messages from three more public libraries' test folders (npm packages hl7 1.1.1,
/// hl7-standard 1.0.4 and nodehl7 2.0.0, fetched at test time by scripts/fetch-fhir-samples.sh). Per message: the
/// mapped facts (codes, values, units, ranges, notes, allergies, diagnoses, coverage) and the exact "not imported"
/// report, or the typed refusal for the messages that are broken in the library's own copy.
/// </summary>
public sealed class Hl7LibraryCorpusTests
{
    private static AdapterResult Import(string folder, string file) => Import(File.ReadAllBytes(Path.Combine(folder, file)));

    private static AdapterResult Import(ReadOnlyMemory<byte> message) => new Hl7V2Adapter().ToFhirWithReport(message);

    private static List<T> All<T>(AdapterResult r) => [.. ((Bundle)r.Resource).Entry.Select(e => e.Resource).OfType<T>()];

    private static Hl7ParseException Refused(string folder, string file) =>
        Assert.Throws<Hl7ParseException>(() => Import(folder, file));

    [Fact]
    public void ToFhir_Hl7SpecOruV24Glucose_StructuredNumberUnitFlagAndLocalCodeName()
    {
        // HL7's own v2.4 ORU example (EVE EVERYWOMAN): OBX-5 SN "^182", OBX-3 carries a LOINC long name where the
        // coding system belongs, which stays a local name instead of passing for a system URI.
        var result = Import(SampleData.Hl7Fixtures, "sample.txt");
        var patient = Assert.Single(All<Patient>(result));
        Assert.Equal(("EVERYWOMAN", "1962-03-20"), (patient.Name[0].Family, patient.BirthDate));
        var glucose = Assert.Single(All<Observation>(result));
        var coding = Assert.Single(glucose.Code!.Coding);
        Assert.Equal(("1554-5", "urn:emrshare:hl7v2:cs:POST%2012H%20CFST%3AMCNC%3APT%3ASER%2FPLAS%3AQN"), (coding.Code, coding.System));
        var value = (Quantity)glucose.Value!;
        Assert.Equal((182m, "mg/dl", (Quantity.QuantityComparator?)null), (value.Value!.Value, value.Unit, value.Comparator));
        Assert.Equal("H", glucose.Interpretation.Single().Coding.Single().Code);
        Assert.Equal("70_105", glucose.ReferenceRange.Single().Text);
        Assert.Equal("GLUCOSE", Assert.Single(All<DiagnosticReport>(result)).Code!.Coding[0].Display);
        Assert.Empty(result.NotImported);
    }

    [Fact]
    public void ToFhir_LabOruV23WithLoincAlternates_EveryPanelValueUnitAndRange()
    {
        var result = Import(SampleData.Hl7Fixtures, "isabella_jones_multiple_tests.txt");
        Assert.Equal(["LIPID SCREEN (CORONARY RISK I)", "COMPREHENSIVE METABOLIC"], All<DiagnosticReport>(result).Select(r => r.Code!.Coding[0].Display));
        var observations = All<Observation>(result);
        Assert.Equal(25, observations.Count);
        var cholesterol = observations[0];
        Assert.Equal([("urn:emrshare:hl7v2:cs:BRLI", "0058-8"), ("http://loinc.org", "2093-3")], cholesterol.Code!.Coding.Select(c => (c.System, c.Code)));
        Assert.Equal((120m, "mg/dl"), (((Quantity)cholesterol.Value!).Value!.Value, ((Quantity)cholesterol.Value!).Unit));
        Assert.Equal((null, 200m, "< 200"), (cholesterol.ReferenceRange[0].Low?.Value, cholesterol.ReferenceRange[0].High!.Value, cholesterol.ReferenceRange[0].Text));
        var sodium = observations.Single(o => o.Code!.Coding.Any(c => c.System == "http://loinc.org" && c.Code == "2951-2"));
        Assert.Equal((141m, "mmol/L", 133m, 145m), (((Quantity)sodium.Value!).Value!.Value, ((Quantity)sodium.Value!).Unit, sodium.ReferenceRange[0].Low!.Value, sodium.ReferenceRange[0].High!.Value));
        // e-GFR names LOINC without a code: only the lab's own code is kept, and its range stays text.
        var egfr = observations.Single(o => o.Code!.Coding[0].Code == "090013-4");
        Assert.Single(egfr.Code!.Coding);
        Assert.Equal(("> 60 mL/min/1.73m2", null), (egfr.ReferenceRange[0].Text, egfr.ReferenceRange[0].Low));
        Assert.Empty(result.NotImported);
    }

    [Fact]
    public void ToFhir_LabOruV23LipidPanel_NullFlagsDroppedLocalUnitCodeKept()
    {
        var result = Import(SampleData.Hl7Fixtures, "isabella_jones_lipid_panel.txt");
        var ldl = All<Observation>(result).Single(o => o.Code!.Coding[0].Code == "JLDL");
        Assert.Equal((134m, "mg/dL", "CD:289", "urn:emrshare:hl7v2:cs:"), (((Quantity)ldl.Value!).Value!.Value, ((Quantity)ldl.Value!).Unit, ((Quantity)ldl.Value!).Code, ((Quantity)ldl.Value!).System));
        Assert.Equal("H", ldl.Interpretation.Single().Coding.Single().Code);
        Assert.Empty(All<Observation>(result).Single(o => o.Code!.Coding[0].Code == "JHDL").Interpretation);
        Assert.Equal(["PD1 (segment 3)"], result.NotImported);
    }

    [Fact]
    public void ToFhir_LabOruV22Culture_CodedResultsWithTheirNotesAndOrdersReported()
    {
        // v2.2, padded OBX-14 (" 19980729160500"), three NTE lines under one culture result.
        var result = Import(SampleData.NodeHl7Files, "birp_ORUR01.adm");
        var reports = All<DiagnosticReport>(result);
        Assert.Equal(["008342", "997602"], reports.Select(r => r.Code!.Coding[0].Code));
        Assert.Equal("urn:emrshare:hl7v2:cs:L", reports[0].Code!.Coding[0].System);
        var organism = All<Observation>(result).Single(o => o.Code!.Coding[0].Code == "997231");
        Assert.Equal("M415", ((CodeableConcept)organism.Value!).Coding.Single().Code);
        Assert.Equal(["MORAXELLA (BRANHAMELLA) CATARRHALIS", " HEAVY GROWTH", " BETA LACTAMASE POSITIVE"], organism.Note.Select(n => n.Text));
        Assert.Equal("1998-07-29T16:05:00Z", ((FhirDateTime)organism.Effective!).Value);
        Assert.Equal(["ROUTINE RESPIRATORY FLORA"], All<Observation>(result).Single(o => o.Code!.Coding[0].Code == "997232").Note.Select(n => n.Text));
        Assert.Equal(["ORC (segment 3)", "ORC (segment 6)"], result.NotImported);
    }

    [Fact]
    public void ToFhir_AdtA01V24WithEmptyAllergy_DiagnosisCoverageAndEveryOtherSegmentReported()
    {
        var result = Import(SampleData.Hl7StandardData, "message.hl7");
        var patient = Assert.Single(All<Patient>(result));
        Assert.Equal(("MotherToBe", "1965-06-01", AdministrativeGender.Female), (patient.Name[0].Family, patient.BirthDate, patient.Gender!.Value));
        // PV1-2 "OP" is a site-defined class (user table 0004): kept as sent, not a reason to refuse.
        Assert.Equal(("OP", "http://terminology.hl7.org/CodeSystem/v2-0004"), (All<Encounter>(result).Single().Class!.Code, All<Encounter>(result).Single().Class!.System));
        Assert.Equal("Pregnancy", Assert.Single(All<Condition>(result)).Code!.Text);
        var coverage = Assert.Single(All<Coverage>(result));
        Assert.Equal(("3004", "ACME - SELECT CARE", "2007-01-01"), (coverage.Type!.Coding[0].Code, coverage.Payor[0].Display, coverage.Period!.Start));
        // AL1|1||^^||| names no allergen: nothing to file, so it is reported rather than refusing the admission.
        Assert.Empty(All<AllergyIntolerance>(result));
        Assert.Equal(
            [
                "EVN (segment 2)", "PD1 (segment 4)", "ROL (segment 5)", "ROL (segment 6)", "CON (segment 7)", "CON (segment 8)",
                "CON (segment 9)", "NK1 (segment 10)", "NK1 (segment 11)", "PV2 (segment 13)", "ROL (segment 14)", "CON (segment 15)",
                "CON (segment 16)", "AL1 (segment 17)", "GT1 (segment 19)", "IN2 (segment 21)", "ZNM (segment 22)",
            ],
            result.NotImported);
        Assert.Equal(17, ImportProvenance.CountOf(result.Resource));
    }

    [Fact]
    public void ToFhir_FhsBatchV24AndV251_SplitIntoTwoMessagesAdmissionRefusedQueryResponseImported()
    {
        var messages = Hl7BatchSplitter.Split(File.ReadAllBytes(Path.Combine(SampleData.Hl7StandardData, "batch.hl7")));
        Assert.Equal(2, messages.Count);
        // The batch's ADT^A01 lacks the PV1 segment the standard requires of an admission.
        var admission = Assert.Throws<Hl7ParseException>(() => Import(messages[0]));
        Assert.Equal((0, "PV1"), (admission.SegmentIndex, admission.Field));
        // The v2.5.1 RSP^K11 (an immunization forecast query response) names the patient and no RXA group: its three
        // OBX (no type, no code) belong to no immunization, so they are reported with the query's envelope.
        var response = Import(messages[1]);
        Assert.Equal("123456", Assert.Single(All<Patient>(response)).Identifier[0].Value);
        Assert.Equal(["MSA (segment 2)", "QAK (segment 3)", "QPD (segment 4)", "OBX (segment 6)", "OBX (segment 7)", "OBX (segment 8)"], response.NotImported);
    }

    [Fact]
    public void ToFhir_AdtV231AndV25_PatientAndVisitWithNextOfKinReported()
    {
        var a01 = Import(SampleData.NodeHl7Files, "ADTA01.adm");
        var patient = All<Patient>(a01).Single();
        Assert.Equal(("APPLESEED", "III", "1971-01-01"), (patient.Name[0].Family, patient.Name[0].Suffix.Single(), patient.BirthDate));
        Assert.Equal("IMP", All<Encounter>(a01).Single().Class!.Code);
        Assert.Equal(["EVN (segment 2)", "NK1 (segment 4)"], a01.NotImported);

        var a04 = Import(SampleData.Hl7Fixtures, "sample4.txt");
        Assert.Equal(("DOE", "1948-02-03"), (All<Patient>(a04).Single().Name[0].Family, All<Patient>(a04).Single().BirthDate));
        Assert.Equal("AMB", All<Encounter>(a04).Single().Class!.Code);
        Assert.Equal(["NK1 (segment 3)", "NK1 (segment 4)", "NK1 (segment 5)"], a04.NotImported);
    }

    [Theory]
    [InlineData("hl7-fixtures", "sample5.txt", 5, "")] // the OBR is broken across two lines in the library's copy
    [InlineData("hl7-fixtures", "sample6.txt", 2, "")] // MSH-3 broken by tabs and line breaks
    [InlineData("nodehl7", "bicp_ORUR01.adm", 5, "OBX-11")] // OBX fields shifted: no value type, no result status
    [InlineData("hl7-standard-examples", "input.hl7", 1, "MSH-2")] // a space among the encoding characters
    [InlineData("hl7-standard", "message2.hl7", 0, "PID")] // an ACK carries no patient
    public void ToFhir_BrokenLibraryMessages_RefusedWithTypedLocation(string package, string file, int segment, string field)
    {
        var folder = package switch
        {
            "hl7-fixtures" => SampleData.Hl7Fixtures,
            "nodehl7" => SampleData.NodeHl7Files,
            "hl7-standard" => SampleData.Hl7StandardData,
            _ => Path.Combine(SampleData.Hl7StandardData, "..", "..", "examples", "data"),
        };
        var refusal = Refused(folder, file);
        Assert.Equal((segment, field), (refusal.SegmentIndex, refusal.Field));
    }
}
