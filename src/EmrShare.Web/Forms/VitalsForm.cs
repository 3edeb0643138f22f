using Hl7.Fhir.Model;

namespace EmrShare.Web.Forms;

/// <summary>
/// Vital signs → FHIR vital-signs Observations (the R4 vital-signs profile: category vital-signs, its LOINC codes and
/// UCUM units). Blood pressure is one panel with systolic and diastolic components; BMI is derived when weight and
/// height are both given. Plausibility ranges catch typos (a temperature of 375), not clinical judgement.
/// </summary>
internal static class VitalsForm
{
    public const string Name = "vitals";

    private const string Loinc = "http://loinc.org";

    /// <summary>(field, LOINC code, display, UCUM code, unit label, min, max).</summary>
    internal static readonly (string Field, string Code, string Display, string Ucum, string Unit, decimal Min, decimal Max)[] Single =
    [
        ("heartRate", "8867-4", "Heart rate", "/min", "beats/min", 20, 300),
        ("temperature", "8310-5", "Body temperature", "Cel", "°C", 25, 45),
        ("respiratoryRate", "9279-1", "Respiratory rate", "/min", "breaths/min", 2, 80),
        ("oxygenSaturation", "2708-6", "Oxygen saturation in Arterial blood", "%", "%", 40, 100),
        ("weight", "29463-7", "Body weight", "kg", "kg", 0.3m, 500),
        ("height", "8302-2", "Body height", "cm", "cm", 20, 260),
    ];

    public static byte[] Build(ClinicalForm form, Func<string, string?> field)
    {
        var systolic = form.Number("systolic", field("systolic"), 40, 300, "Systolic blood pressure", "mmHg");
        var diastolic = form.Number("diastolic", field("diastolic"), 20, 200, "Diastolic blood pressure", "mmHg");
        if (systolic.HasValue != diastolic.HasValue)
        {
            form.Error(systolic.HasValue ? "diastolic" : "systolic", "Give both systolic and diastolic blood pressure");
        }
        else if (systolic <= diastolic)
        {
            form.Error("diastolic", "Diastolic blood pressure must be lower than systolic");
        }

        var when = form.Date("effective", field("effective"), "Date measured", defaultToday: true);
        var values = Single.Select(s => (s, Value: form.Number(s.Field, field(s.Field), s.Min, s.Max, s.Display, s.Unit))).ToList();
        var observations = new List<Observation>();
        if (systolic is { } sys && diastolic is { } dia)
        {
            var bp = Vital(form, "85354-9", "Blood pressure panel with all children optional", when);
            bp.Component.Add(Component("8480-6", "Systolic blood pressure", sys));
            bp.Component.Add(Component("8462-4", "Diastolic blood pressure", dia));
            observations.Add(bp);
        }

        foreach (var (spec, value) in values)
        {
            if (value is { } v)
            {
                var observation = Vital(form, spec.Code, spec.Display, when);
                observation.Value = ClinicalForm.Ucum(v, spec.Ucum, spec.Unit);
                observations.Add(observation);
            }
        }

        var weight = values.First(v => v.s.Field == "weight").Value;
        var height = values.First(v => v.s.Field == "height").Value;
        if (weight is { } kg && height is { } cm)
        {
            var bmi = Vital(form, "39156-5", "Body mass index (BMI) [Ratio]", when);
            bmi.Value = ClinicalForm.Ucum(Math.Round(kg / (cm / 100m * (cm / 100m)), 1), "kg/m2", "kg/m2");
            observations.Add(bmi);
        }

        if (observations.Count == 0)
        {
            form.Error("systolic", "Enter at least one vital sign");
        }

        return form.Bundle(Name, observations);
    }

    private static Observation Vital(ClinicalForm form, string code, string display, string? when) => new()
    {
        Status = ObservationStatus.Final,
        Category = [ClinicalForm.Coded("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")],
        Code = ClinicalForm.Coded(Loinc, code, display),
        Subject = form.Patient,
        Effective = new FhirDateTime(when),
    };

    private static Observation.ComponentComponent Component(string code, string display, decimal value) => new()
    {
        Code = ClinicalForm.Coded(Loinc, code, display),
        Value = ClinicalForm.Ucum(value, "mm[Hg]", "mmHg"),
    };
}
