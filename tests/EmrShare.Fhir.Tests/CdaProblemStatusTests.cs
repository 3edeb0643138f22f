using System.Text;
using EmrShare.Fhir.Adapters;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>C-CDA status observations set clinicalStatus and are never diagnoses themselves (issue 16 item 2).</summary>
public sealed class CdaProblemStatusTests
{
    private const string Document = """
        <ClinicalDocument xmlns="urn:hl7-org:v3">
          <recordTarget><patientRole><id root="2.16.840.1.113883.19.5" extension="996-756-495"/>
            <patient><name><given>Henry</given><family>Levin</family></name><administrativeGenderCode code="M"/><birthTime value="19320924"/></patient>
          </patientRole></recordTarget>
          <component><structuredBody><component><section>
            <code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/>
            <entry><act><entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">
              <templateId root="2.16.840.1.113883.10.20.22.4.4"/>
              <code code="55607006" codeSystem="2.16.840.1.113883.6.96"/>
              <effectiveTime><low value="20080101"/></effectiveTime>
              <value code="233604007" codeSystem="2.16.840.1.113883.6.96" displayName="Pneumonia"/>
              <entryRelationship typeCode="REFR"><observation classCode="OBS" moodCode="EVN">
                <templateId root="2.16.840.1.113883.10.20.22.4.6"/>
                <code code="33999-4" codeSystem="2.16.840.1.113883.6.1"/>
                <value code="413322009" codeSystem="2.16.840.1.113883.6.96" displayName="Resolved"/>
              </observation></entryRelationship>
              <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">
                <templateId root="2.16.840.1.113883.10.20.22.4.31"/>
                <code code="445518008" codeSystem="2.16.840.1.113883.6.96"/>
                <value value="57" unit="a"/>
              </observation></entryRelationship>
            </observation></entryRelationship></act></entry>
          </section></component></structuredBody></component>
        </ClinicalDocument>
        """;

    [Fact]
    public void ToFhir_ProblemWithStatusAndAgeObservations_OneConditionResolved()
    {
        var bundle = (Bundle)new CdaAdapter().ToFhir(Encoding.UTF8.GetBytes(Document));
        var condition = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Condition>());
        Assert.Equal("233604007", condition.Code!.Coding[0].Code);
        Assert.Equal("resolved", condition.ClinicalStatus!.Coding[0].Code);
    }
}
