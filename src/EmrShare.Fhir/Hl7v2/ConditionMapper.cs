using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>DG1 → Condition (encounter diagnosis; code and system kept as sent, e.g. ICD-10 I10).</summary>
internal static class ConditionMapper
{
    public static Condition Map(Hl7Segment dg1, ResourceReference patient, ResourceReference? encounter, Hl7AdapterOptions options)
    {
        var code = Hl7DataTypes.ToCodeableConcept(dg1.Required(3, "diagnosis code").First)!;
        return new Condition
        {
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis", "Encounter Diagnosis")],
            Code = code,
            Subject = patient,
            Encounter = encounter,
            RecordedDate = Hl7DateTime.ToFhirDateTime(dg1.Field(5).Component(1), options.AssumedOffset, dg1.Index, "DG1-5"),
        };
    }
}
