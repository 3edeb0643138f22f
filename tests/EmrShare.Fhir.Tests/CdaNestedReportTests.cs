// Assertions walk deep into nullable Firely members; a null there fails the test anyway.
#nullable disable warnings
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Tests.CdaSectionRulesTests;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// Nested parts of mapped C-CDA entries (issue 16 rule 1): every entryRelationship, component and participation a
/// mapping does not carry is reported with what it is; the ones with a clear FHIR home (indications, problem status,
/// reaction severity, refusal reasons) are mapped and not reported.
/// </summary>
public sealed class CdaNestedReportTests
{
    private static AdapterResult Import(string sections) => new CdaAdapter().ToFhirWithReport(Encoding.UTF8.GetBytes(Document(Henry, sections)));

    private static List<T> All<T>(AdapterResult r) => [.. ((Bundle)r.Resource).Entry.Select(e => e.Resource).OfType<T>()];

    private const string Author = """<author><templateId root="2.16.840.1.113883.10.20.22.4.119"/><time value="20120101"/><assignedAuthor><id root="2.16.840.1.113883.19.5" extension="dr-7"/></assignedAuthor></author>""";

    private const string Performer = """<performer><assignedEntity><id root="2.16.840.1.113883.19.5" extension="nurse-3"/></assignedEntity></performer>""";

    [Fact]
    public void ToFhir_ImmunizationIndicationPerformerAndInstruction_IndicationMappedRestReported()
    {
        var result = Import($"""
            <component><section><code code="11369-6" codeSystem="2.16.840.1.113883.6.1"/><title>IMMUNIZATIONS</title>
              <entry><substanceAdministration classCode="SBADM" moodCode="EVN" negationInd="false">
                <templateId root="2.16.840.1.113883.10.20.22.4.52"/><statusCode code="completed"/><effectiveTime value="20100815"/>
                <consumable><manufacturedProduct><manufacturedMaterial><code code="88" codeSystem="2.16.840.1.113883.12.292"/></manufacturedMaterial></manufacturedProduct></consumable>
                {Performer}
                <entryRelationship typeCode="RSON"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.19"/>
                  <code code="404684003" codeSystem="2.16.840.1.113883.6.96"/><value xsi:type="CD" code="195967001" codeSystem="2.16.840.1.113883.6.96" displayName="Asthma"/></observation></entryRelationship>
                <entryRelationship typeCode="SUBJ" inversionInd="true"><act classCode="ACT" moodCode="INT"><templateId root="2.16.840.1.113883.10.20.22.4.20"/>
                  <code code="171044003" codeSystem="2.16.840.1.113883.6.96" displayName="immunization education"/></act></entryRelationship>
              </substanceAdministration></entry>
            </section></component>
            """);
        var immunization = Assert.Single(All<Immunization>(result));
        Assert.Equal(("http://snomed.info/sct", "195967001"), (immunization.ReasonCode.Single().Coding[0].System, immunization.ReasonCode.Single().Coding[0].Code));
        Assert.Equal(
            [
                "IMMUNIZATIONS (LOINC 11369-6) entry 1: performer of the substanceAdministration not imported",
                "IMMUNIZATIONS (LOINC 11369-6) entry 1: nested instruction (immunization education, templateId 2.16.840.1.113883.10.20.22.4.20) not imported",
            ],
            result.NotImported);
        Assert.Equal(2, ImportProvenance.CountOf(result.Resource));
        Assert.Empty(FhirCodec.Clinical.Validate(result.Resource));
    }

    [Fact]
    public void ToFhir_ProblemWithStatusHealthStatusAndAuthors_StatusMappedRestReported()
    {
        var result = Import($"""
            <component><section><code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/><title>PROBLEMS</title>
              <entry><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.3"/>{Author}
                <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.4"/>{Author}
                  <value xsi:type="CD" code="233604007" codeSystem="2.16.840.1.113883.6.96" displayName="Pneumonia"/>
                  <entryRelationship typeCode="REFR"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.6"/>
                    <code code="33999-4" codeSystem="2.16.840.1.113883.6.1"/><value xsi:type="CD" code="413322009" codeSystem="2.16.840.1.113883.6.96"/></observation></entryRelationship>
                  <entryRelationship typeCode="REFR"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.5"/>
                    <code code="11323-3" codeSystem="2.16.840.1.113883.6.1" displayName="Health status"/><value xsi:type="CD" code="81323004" codeSystem="2.16.840.1.113883.6.96"/></observation></entryRelationship>
                </observation></entryRelationship>
              </act></entry>
            </section></component>
            """);
        Assert.Equal("resolved", Assert.Single(All<Condition>(result)).ClinicalStatus.Coding[0].Code);
        Assert.Equal(
            [
                "PROBLEMS (LOINC 11450-4) entry 1: author (author participation, templateId 2.16.840.1.113883.10.20.22.4.119) of the act not imported",
                "PROBLEMS (LOINC 11450-4) entry 1: author (author participation, templateId 2.16.840.1.113883.10.20.22.4.119) of the observation not imported",
                "PROBLEMS (LOINC 11450-4) entry 1: nested health status observation (Health status, templateId 2.16.840.1.113883.10.20.22.4.5) not imported",
            ],
            result.NotImported);
    }

    [Fact]
    public void ToFhir_AllergyReactionSeverityMappedSecondSubstanceAndCommentReported()
    {
        var result = Import("""
            <component><section><code code="48765-2" codeSystem="2.16.840.1.113883.6.1"/><title>ALLERGIES</title>
              <entry><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.30"/>
                <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.7"/>
                  <value xsi:type="CD" code="416098002" codeSystem="2.16.840.1.113883.6.96"/>
                  <participant typeCode="CSM"><participantRole classCode="MANU"><playingEntity classCode="MMAT"><code code="7980" codeSystem="2.16.840.1.113883.6.88" displayName="Penicillin G"/></playingEntity></participantRole></participant>
                  <participant typeCode="CSM"><participantRole classCode="MANU"><playingEntity classCode="MMAT"><code code="733" codeSystem="2.16.840.1.113883.6.88" displayName="Ampicillin"/></playingEntity></participantRole></participant>
                  <entryRelationship typeCode="MFST" inversionInd="true"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.9"/>
                    <value xsi:type="CD" code="247472004" codeSystem="2.16.840.1.113883.6.96" displayName="Hives"/>
                    <entryRelationship typeCode="SUBJ" inversionInd="true"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.8"/>
                      <value xsi:type="CD" code="24484000" codeSystem="2.16.840.1.113883.6.96"/></observation></entryRelationship>
                  </observation></entryRelationship>
                  <entryRelationship typeCode="SUBJ" inversionInd="true"><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.64"/>
                    <code code="48767-8" codeSystem="2.16.840.1.113883.6.1" displayName="Annotation comment"/><text>Patient unsure</text></act></entryRelationship>
                </observation></entryRelationship>
              </act></entry>
            </section></component>
            """);
        var allergy = Assert.Single(All<AllergyIntolerance>(result));
        Assert.Equal(("7980", "247472004", AllergyIntolerance.AllergyIntoleranceSeverity.Severe), (allergy.Code.Coding[0].Code, allergy.Reaction[0].Manifestation[0].Coding[0].Code, allergy.Reaction[0].Severity));
        Assert.Equal(
            [
                "ALLERGIES (LOINC 48765-2) entry 1: participant CSM of the observation not imported",
                "ALLERGIES (LOINC 48765-2) entry 1: nested comment (Annotation comment, templateId 2.16.840.1.113883.10.20.22.4.64) not imported",
            ],
            result.NotImported);
    }

    [Fact]
    public void ToFhir_ResultComponentWithAuthorAndEncounterWithLocation_Reported()
    {
        var result = Import($"""
            <component><section><code code="30954-2" codeSystem="2.16.840.1.113883.6.1"/><title>RESULTS</title>
              <entry><organizer classCode="BATTERY" moodCode="EVN"><code code="43789009" codeSystem="2.16.840.1.113883.6.96"/><statusCode code="completed"/>
                <component><observation classCode="OBS" moodCode="EVN"><code code="30313-1" codeSystem="2.16.840.1.113883.6.1"/>{Author}
                  <value xsi:type="PQ" value="13.2" unit="g/dL"/></observation></component>
              </organizer></entry>
            </section></component>
            <component><section><code code="46240-8" codeSystem="2.16.840.1.113883.6.1"/><title>ENCOUNTERS</title>
              <entry><encounter classCode="ENC" moodCode="EVN"><code code="99213" codeSystem="2.16.840.1.113883.6.12"/><effectiveTime value="20120806"/>
                <participant typeCode="LOC"><participantRole classCode="SDLOC"><templateId root="2.16.840.1.113883.10.20.22.4.32"/><code code="1160-1" codeSystem="2.16.840.1.113883.6.259"/></participantRole></participant>
              </encounter></entry>
            </section></component>
            """);
        Assert.Equal(13.2m, ((Quantity)Assert.Single(All<Observation>(result)).Value).Value);
        Assert.Single(All<Encounter>(result));
        Assert.Equal(
            [
                "RESULTS (LOINC 30954-2) entry 1: author (author participation, templateId 2.16.840.1.113883.10.20.22.4.119) of the observation not imported",
                "ENCOUNTERS (LOINC 46240-8) entry 1: participant LOC (service delivery location, templateId 2.16.840.1.113883.10.20.22.4.32) of the encounter not imported",
            ],
            result.NotImported);
    }
}
