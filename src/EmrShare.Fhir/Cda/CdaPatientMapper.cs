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
            patient.Name.Add(new HumanName
            {
                Family = name.Element(V3 + "family")?.Value.Trim(),
                Given = name.Elements(V3 + "given").Select(g => g.Value.Trim()).ToList(),
                Use = (string?)name.Attribute("use") == "L" ? HumanName.NameUse.Official : null,
            });
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
            patient.Address.Add(new Address
            {
                Line = addr.Elements(V3 + "streetAddressLine").Select(l => l.Value.Trim()).ToList(),
                City = addr.Element(V3 + "city")?.Value.Trim(),
                State = addr.Element(V3 + "state")?.Value.Trim(),
                PostalCode = addr.Element(V3 + "postalCode")?.Value.Trim(),
                Country = addr.Element(V3 + "country")?.Value.Trim(),
            });
        }

        return patient;
    }
}
