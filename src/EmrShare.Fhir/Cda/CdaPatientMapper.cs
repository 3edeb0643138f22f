using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>CDA header recordTarget/patientRole → Patient (ids, name, gender, birth time, address).</summary>
internal static class CdaPatientMapper
{
    public static Patient Map(XElement document)
    {
        var role = document.Element(V3 + "recordTarget")?.Element(V3 + "patientRole")
            ?? throw new CdaFormatException("ClinicalDocument/recordTarget", "the document header names no patient (recordTarget/patientRole)");
        var patient = new Patient();
        foreach (var id in role.Elements(V3 + "id"))
        {
            if (Identifier(id) is { } identifier)
            {
                patient.Identifier.Add(identifier);
            }
        }

        if (patient.Identifier.Count == 0)
        {
            throw new CdaFormatException("recordTarget/patientRole/id", "the patient has no identifier");
        }

        var person = role.Element(V3 + "patient");
        foreach (var name in person?.Elements(V3 + "name") ?? [])
        {
            // A part with a nullFlavor (or empty) says nothing: it is dropped, never stored as an empty string.
            var human = new HumanName
            {
                Family = Text(name.Element(V3 + "family")),
                Given = name.Elements(V3 + "given").Select(Text).OfType<string>().ToList(),
                Prefix = name.Elements(V3 + "prefix").Select(Text).OfType<string>().ToList(),
                Suffix = name.Elements(V3 + "suffix").Select(Text).OfType<string>().ToList(),
                Use = (string?)name.Attribute("use") == "L" ? HumanName.NameUse.Official : null,
            };
            if (human.Family is null && !human.Given.Any() && !name.HasElements && Text(name) is { } whole)
            {
                human.Text = whole;
            }

            if (human.Family is not null || human.Given.Any() || human.Text is not null)
            {
                patient.Name.Add(human);
            }
        }

        patient.Gender = (string?)person?.Element(V3 + "administrativeGenderCode")?.Attribute("code") switch
        {
            null => null,
            "F" => AdministrativeGender.Female,
            "M" => AdministrativeGender.Male,
            "UN" => AdministrativeGender.Other,
            _ => AdministrativeGender.Unknown,
        };
        var birth = CdaValues.DateTime(person?.Element(V3 + "birthTime"), "patient/birthTime");
        patient.BirthDate = birth is null ? null : birth.Length > 10 ? birth[..10] : birth;
        foreach (var addr in role.Elements(V3 + "addr"))
        {
            var address = new Address
            {
                Line = addr.Elements(V3 + "streetAddressLine").Select(Text).OfType<string>().ToList(),
                City = Text(addr.Element(V3 + "city")),
                State = Text(addr.Element(V3 + "state")),
                PostalCode = Text(addr.Element(V3 + "postalCode")),
                Country = Text(addr.Element(V3 + "country")),
            };
            if (address.Line.Any() || address.City is not null || address.State is not null || address.PostalCode is not null || address.Country is not null)
            {
                patient.Address.Add(address);
            }
        }

        return patient;
    }
}
