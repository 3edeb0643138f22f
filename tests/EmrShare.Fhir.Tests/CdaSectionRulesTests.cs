// Assertions walk deep into nullable Firely members; a null there fails the test anyway.
#nullable disable warnings
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>C-CDA mapping rules on small documents (issue 16 item 2): what is mapped, what is reported, nothing invented.</summary>
public sealed class CdaSectionRulesTests
{
    internal static string Document(string patient, string sections) => $"""
        <ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <id root="2.16.840.1.113883.19.5" extension="doc-1"/>
          <recordTarget><patientRole><id root="2.16.840.1.113883.19.5" extension="996-756-495"/>
            <patient>{patient}<administrativeGenderCode code="M"/><birthTime value="19320924"/></patient>
          </patientRole></recordTarget>
          <component><structuredBody>{sections}</structuredBody></component>
        </ClinicalDocument>
        """;

    internal const string Henry = "<name><given>Henry</given><family>Levin</family></name>";

    private static AdapterResult Import(string xml) => new CdaAdapter().ToFhirWithReport(Encoding.UTF8.GetBytes(xml));

    private static List<T> All<T>(AdapterResult r) => [.. ((Bundle)r.Resource).Entry.Select(e => e.Resource).OfType<T>()];

    [Fact]
    public void ToFhir_NamePartsWithNullFlavor_DroppedAndOutputValid()
    {
        var result = Import(Document(
            "<name><given>Henry</given><given nullFlavor=\"UNK\"/><family>Levin</family><suffix nullFlavor=\"NI\"/></name>" +
            "<name use=\"P\"><given nullFlavor=\"UNK\"/><family nullFlavor=\"UNK\"/></name>",
            string.Empty));
        var name = Assert.Single(Assert.Single(All<Patient>(result)).Name);
        Assert.Equal(("Levin", "Henry"), (name.Family, name.Given.Single()));
        Assert.Empty(name.Suffix);
        Assert.Empty(FhirCodec.Clinical.Validate(result.Resource));
    }

    [Fact]
    public void ToFhir_NegatedAllergyWithoutSubstance_NoKnownDrugAllergy()
    {
        var result = Import(Document(Henry, """
            <component><section><code code="48765-2" codeSystem="2.16.840.1.113883.6.1"/><title>ALLERGIES</title>
              <entry><act classCode="ACT" moodCode="EVN"><statusCode code="active"/>
                <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN" negationInd="true">
                  <templateId root="2.16.840.1.113883.10.20.22.4.7"/><code code="ASSERTION" codeSystem="2.16.840.1.113883.5.4"/>
                  <value xsi:type="CD" code="416098002" codeSystem="2.16.840.1.113883.6.96"/>
                  <participant typeCode="CSM"><participantRole classCode="MANU"><playingEntity classCode="MMAT"><code nullFlavor="NA"/></playingEntity></participantRole></participant>
                </observation></entryRelationship></act></entry>
            </section></component>
            """));
        var allergy = Assert.Single(All<AllergyIntolerance>(result));
        Assert.Equal(("http://snomed.info/sct", "409137002"), (allergy.Code.Coding[0].System, allergy.Code.Coding[0].Code));
        Assert.Empty(result.NotImported);
    }

    [Fact]
    public void ToFhir_AllergyWithCriticalityAndSevereReaction_Mapped()
    {
        var result = Import(Document(Henry, """
            <component><section><code code="48765-2" codeSystem="2.16.840.1.113883.6.1"/><title>ALLERGIES</title>
              <entry><act classCode="ACT" moodCode="EVN">
                <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">
                  <templateId root="2.16.840.1.113883.10.20.22.4.7"/>
                  <value xsi:type="CD" code="416098002" codeSystem="2.16.840.1.113883.6.96"/>
                  <participant typeCode="CSM"><participantRole><playingEntity><code code="70618" codeSystem="2.16.840.1.113883.6.88" displayName="Penicillin"/></playingEntity></participantRole></participant>
                  <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.145"/>
                    <value xsi:type="CD" code="CRITH" codeSystem="2.16.840.1.113883.5.1063"/></observation></entryRelationship>
                  <entryRelationship typeCode="MFST" inversionInd="true"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.9"/>
                    <value xsi:type="CD" code="39579001" codeSystem="2.16.840.1.113883.6.96" displayName="Anaphylaxis"/>
                    <entryRelationship typeCode="SUBJ" inversionInd="true"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.8"/>
                      <value xsi:type="CD" code="24484000" codeSystem="2.16.840.1.113883.6.96"/></observation></entryRelationship>
                  </observation></entryRelationship>
                </observation></entryRelationship></act></entry>
            </section></component>
            """));
        var allergy = Assert.Single(All<AllergyIntolerance>(result));
        Assert.Equal(("70618", AllergyIntolerance.AllergyIntoleranceCriticality.High), (allergy.Code.Coding[0].Code, allergy.Criticality));
        Assert.Equal((AllergyIntolerance.AllergyIntoleranceType.Allergy, "39579001", AllergyIntolerance.AllergyIntoleranceSeverity.Severe),
            (allergy.Type, allergy.Reaction[0].Manifestation[0].Coding[0].Code, allergy.Reaction[0].Severity));
    }

    [Fact]
    public void ToFhir_MedicationWithInstructionSupplyAndPrecondition_InstructionKeptOthersReported()
    {
        var result = Import(Document(Henry, """
            <component><section><code code="10160-0" codeSystem="2.16.840.1.113883.6.1"/><title>MEDICATIONS</title>
              <entry><substanceAdministration classCode="SBADM" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.16"/>
                <statusCode code="active"/>
                <consumable><manufacturedProduct><manufacturedMaterial><code code="197361" codeSystem="2.16.840.1.113883.6.88" displayName="Amlodipine 5 MG"/></manufacturedMaterial></manufacturedProduct></consumable>
                <entryRelationship typeCode="SUBJ" inversionInd="true"><act classCode="ACT" moodCode="INT"><templateId root="2.16.840.1.113883.10.20.22.4.20"/>
                  <code code="409073007" codeSystem="2.16.840.1.113883.6.96" displayName="Instruction"/><text>Take with food</text></act></entryRelationship>
                <entryRelationship typeCode="REFR"><supply classCode="SPLY" moodCode="INT"><templateId root="2.16.840.1.113883.10.20.22.4.17"/>
                  <repeatNumber value="3"/></supply></entryRelationship>
                <precondition typeCode="PRCN"><criterion><code code="ASSERTION" codeSystem="2.16.840.1.113883.5.4"/></criterion></precondition>
              </substanceAdministration></entry></section></component>
            """));
        var medication = Assert.Single(All<MedicationStatement>(result));
        Assert.Equal("Take with food", medication.Dosage.Single().PatientInstruction);
        Assert.Equal(
            [
                "MEDICATIONS (LOINC 10160-0) entry 1: nested medication supply order (templateId 2.16.840.1.113883.10.20.22.4.17) not imported",
                "MEDICATIONS (LOINC 10160-0) entry 1: nested criterion not imported",
            ],
            result.NotImported);
    }

    [Fact]
    public void ToFhir_UnknownSectionAndUnmappableEntry_ReportedAndCounted()
    {
        var result = Import(Document(Henry, """
            <component><section><templateId root="2.16.840.1.113883.10.20.22.2.21"/><code code="42348-3" codeSystem="2.16.840.1.113883.6.1"/><title>ADVANCE DIRECTIVES</title>
              <entry><observation classCode="OBS" moodCode="EVN"/></entry><entry><observation classCode="OBS" moodCode="EVN"/></entry></section></component>
            <component><section><code code="11369-6" codeSystem="2.16.840.1.113883.6.1"/><title>IMMUNIZATIONS</title>
              <entry><substanceAdministration classCode="SBADM" moodCode="EVN"><effectiveTime value="20200101"/>
                <consumable><manufacturedProduct><manufacturedMaterial><code nullFlavor="UNK"/></manufacturedMaterial></manufacturedProduct></consumable>
              </substanceAdministration></entry></section></component>
            """));
        Assert.Equal(
            [
                "ADVANCE DIRECTIVES (LOINC 42348-3, templateId 2.16.840.1.113883.10.20.22.2.21): 2 entries not imported",
                "IMMUNIZATIONS (LOINC 11369-6) entry 1: immunization activity names no vaccine code",
            ],
            result.NotImported);
        Assert.Empty(All<Immunization>(result));
        Assert.Equal(2, ImportProvenance.CountOf(result.Resource));
    }
}
