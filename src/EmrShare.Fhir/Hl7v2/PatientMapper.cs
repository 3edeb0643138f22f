using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>PID → Patient (identifiers, names, birth date, sex, address, telecom, death).</summary>
internal static class PatientMapper
{
    public static Patient Map(Hl7Segment pid, Hl7AdapterOptions options)
    {
        var patient = new Patient();
        foreach (var cx in pid.Required(3, "patient identifier list").Repetitions)
        {
            if (Hl7DataTypes.ToIdentifier(cx) is { } identifier)
            {
                patient.Identifier.Add(identifier);
            }
        }

        if (patient.Identifier.Count == 0)
        {
            throw new Hl7ParseException(pid.Index, "PID-3", "no identifier value in the patient identifier list");
        }

        foreach (var xpn in pid.Field(5).Repetitions)
        {
            if (Hl7DataTypes.ToHumanName(xpn) is { } name)
            {
                patient.Name.Add(name);
            }
        }

        patient.BirthDate = Hl7DateTime.ToFhirDate(pid.Field(7).Component(1), pid.Index, "PID-7");
        patient.Gender = pid.Field(8).Value switch
        {
            "" => null,
            "F" => AdministrativeGender.Female,
            "M" => AdministrativeGender.Male,
            "O" or "A" => AdministrativeGender.Other,
            "U" or "N" => AdministrativeGender.Unknown,
            _ => throw new Hl7ParseException(pid.Index, "PID-8", "unknown administrative sex code (table 0001: F, M, O, U, A, N)"),
        };

        foreach (var xad in pid.Field(11).Repetitions)
        {
            if (Hl7DataTypes.ToAddress(xad) is { } address)
            {
                patient.Address.Add(address);
            }
        }

        foreach (var xtn in pid.Field(13).Repetitions)
        {
            if (Hl7DataTypes.ToContactPoint(xtn) is { } contact)
            {
                patient.Telecom.Add(contact);
            }
        }

        var death = Hl7DateTime.ToFhirDateTime(pid.Field(29).Component(1), options.AssumedOffset, pid.Index, "PID-29");
        if (death is not null)
        {
            patient.Deceased = new FhirDateTime(death);
        }
        else if (pid.Field(30).Value == "Y")
        {
            patient.Deceased = new FhirBoolean(true);
        }

        return patient;
    }
}
