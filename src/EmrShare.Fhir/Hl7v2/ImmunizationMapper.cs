using System.Globalization;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// The order groups of an immunization message (RSP^K11 history / forecast, v2.5.1 CDC IG): ORC → the
/// Immunization's placer and filler numbers, RXA → Immunization, RXR → route and site, OBX after an RXA →
/// Observation <c>partOf</c> that Immunization (eligibility, VIS, forecast), NTE → its note. A segment outside an
/// RXA's group (an ORC no RXA follows, an OBX before any RXA) is left to the caller's "not imported" report.
/// </summary>
internal static class ImmunizationMapper
{
    private const string AdministeringProvider = "http://terminology.hl7.org/CodeSystem/v2-0443";

    public static void MapGroups(Hl7Message message, Hl7BundleBuilder builder, ResourceReference patient, ResourceReference? encounter, HashSet<int> mapped, Hl7AdapterOptions options)
    {
        Hl7Segment? order = null;
        Immunization? immunization = null;
        ResourceReference? current = null;
        Observation? lastObservation = null;
        foreach (var segment in message.Segments)
        {
            switch (segment.Name)
            {
                case "ORC":
                    order = segment;
                    immunization = null;
                    lastObservation = null;
                    continue;
                case "RXA":
                    immunization = Map(segment, order, patient, encounter, options);
                    current = builder.Add(immunization, $"rxa/{segment.Index}");
                    if (order is not null)
                    {
                        mapped.Add(order.Index);
                    }

                    order = null;
                    lastObservation = null;
                    break;
                case "RXR" when immunization is not null && lastObservation is null:
                    immunization.Route = Hl7DataTypes.ToCodeableConcept(segment.Field(1).First);
                    immunization.Site = Hl7DataTypes.ToCodeableConcept(segment.Field(2).First);
                    break;
                case "OBX" when immunization is not null:
                    lastObservation = ObservationMapper.Map(segment, patient, null, options);
                    lastObservation.PartOf.Add(new ResourceReference(current!.Reference));
                    lastObservation.Encounter = encounter;
                    builder.Add(lastObservation, $"rxa/obx/{segment.Index}");
                    break;
                case "NTE" when lastObservation is not null:
                    Hl7ToFhirConverter.AddNote(lastObservation, segment);
                    break;
                default:
                    continue;
            }

            mapped.Add(segment.Index);
        }
    }

    /// <summary>
    /// RXA-3 date, RXA-5 vaccine (CVX), RXA-6/7 amount (999 = unknown, not stored), RXA-9 NIP001 source (00 new
    /// record → primary source, 01–08 historical), RXA-10 administering provider, RXA-15/16/17 lot, expiry,
    /// manufacturer, RXA-18 refusal reason, RXA-19 indication, RXA-20 completion status, RXA-21 action code.
    /// </summary>
    public static Immunization Map(Hl7Segment rxa, Hl7Segment? orc, ResourceReference patient, ResourceReference? encounter, Hl7AdapterOptions options)
    {
        var completion = rxa.Field(20).Value;
        var immunization = new Immunization
        {
            VaccineCode = Hl7DataTypes.ToCodeableConcept(rxa.Required(5, "administered code").First)!,
            Patient = patient,
            Encounter = encounter,
            Occurrence = new FhirDateTime(Hl7DateTime.ToFhirDateTime(rxa.Required(3, "date/time of administration").Component(1), options.AssumedOffset, rxa.Index, "RXA-3")),
            Status = rxa.Field(21).Value == "D" ? Immunization.ImmunizationStatusCodes.EnteredInError
                : completion switch
                {
                    "" or "CP" or "PA" => Immunization.ImmunizationStatusCodes.Completed,
                    "RE" or "NA" => Immunization.ImmunizationStatusCodes.NotDone,
                    var other => throw new Hl7ParseException(rxa.Index, "RXA-20", $"unknown completion status '{other}' (table 0322: CP, RE, NA, PA)"),
                },
        };
        if (completion == "PA")
        {
            immunization.IsSubpotent = true;
        }

        if (immunization.Status == Immunization.ImmunizationStatusCodes.NotDone)
        {
            immunization.StatusReason = Hl7DataTypes.ToCodeableConcept(rxa.Field(18).First);
        }

        var amount = rxa.Field(6).Value;
        if (amount.Length > 0 && amount != "999")
        {
            immunization.DoseQuantity = decimal.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dose)
                ? ObservationMapper.Quantity(dose, null, rxa.Field(7).First)
                : throw new Hl7ParseException(rxa.Index, "RXA-6", "administered amount is not a number");
        }

        immunization.PrimarySource = rxa.Field(9).Value switch
        {
            "00" => true,
            "01" or "02" or "03" or "04" or "05" or "06" or "07" or "08" => false,
            _ => null,
        };
        if (Hl7DataTypes.ToPractitionerReference(rxa.Field(10).First) is { } provider)
        {
            immunization.Performer.Add(new Immunization.PerformerComponent { Actor = provider, Function = new CodeableConcept(AdministeringProvider, "AP", "Administering Provider") });
        }

        if (rxa.Field(15).Value is { Length: > 0 } lot)
        {
            immunization.LotNumber = lot;
        }

        immunization.ExpirationDate = Hl7DateTime.ToFhirDate(rxa.Field(16).Component(1), rxa.Index, "RXA-16");
        if (Hl7DataTypes.ToCodeableConcept(rxa.Field(17).First) is { } manufacturer)
        {
            immunization.Manufacturer = new ResourceReference { Display = manufacturer.Coding.FirstOrDefault()?.Display ?? manufacturer.Text ?? manufacturer.Coding[0].Code };
        }

        immunization.ReasonCode.AddRange(rxa.Field(19).Repetitions.Select(Hl7DataTypes.ToCodeableConcept).OfType<CodeableConcept>());
        AddOrderNumber(immunization, orc?.Field(2).First, "PLAC");
        AddOrderNumber(immunization, orc?.Field(3).First, "FILL");
        return immunization;
    }

    private static void AddOrderNumber(Immunization immunization, Hl7Repetition? ei, string type)
    {
        if (ei is null || ei.Component(1).Length == 0)
        {
            return;
        }

        immunization.Identifier.Add(new Identifier(Hl7DataTypes.AuthorityToSystem(ei.Component(2), ei.Component(3), ei.Component(4)), ei.Component(1))
        {
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", type),
        });
    }
}
