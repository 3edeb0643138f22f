using System.Globalization;
using EmrShare.Core.Errors;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Csv;

[ErrorKind(ErrorKind.Unprocessable)]
internal sealed class CsvRowException(int line, string column, string reason) : Core.EmrShareException(reason)
{
    public CsvRowError Error { get; } = new(line, column, reason);
}

/// <summary>A converted row: whose it is, what it says about the patient, and its clinical resource (if any).</summary>
internal sealed record CsvRow(string PatientId, Patient Patient, Resource? Clinical);

/// <summary>Maps one record to FHIR following the hospital's <see cref="CsvMapping"/>.</summary>
internal sealed class CsvRowMapper(CsvMapping mapping, CsvHeader header)
{
    public CsvRow Map(CsvRecord record)
    {
        if (record.Fields.Count != header.Width)
        {
            throw new CsvRowException(record.Line, string.Empty, $"row has {record.Fields.Count} fields, the header has {header.Width}");
        }

        var p = mapping.Patient;
        var id = Required(record, p.Identifier);
        var patient = new Patient { Identifier = [new Identifier(p.IdentifierSystem, id)] };
        var family = header.Cell(record, p.Family);
        var given = header.Cell(record, p.Given);
        if (family.Length > 0 || given.Length > 0)
        {
            patient.Name.Add(new HumanName { Family = family.Length == 0 ? null : family, Given = given.Length == 0 ? [] : [given] });
        }

        var birth = header.Cell(record, p.BirthDate);
        if (birth.Length > 0)
        {
            patient.BirthDate = Date(record, p.BirthDate!, birth, dateOnly: true);
        }

        var gender = header.Cell(record, p.Gender);
        if (gender.Length > 0)
        {
            patient.Gender = p.GenderCodes.TryGetValue(gender, out var fhir) && Enum.TryParse<AdministrativeGender>(fhir, true, out var g)
                ? g
                : throw new CsvRowException(record.Line, p.Gender!, "sex code is not in the mapping's genderCodes");
        }

        var type = Required(record, mapping.RowType.Column);
        Resource? clinical = type switch
        {
            _ when type == mapping.RowType.Patient => null,
            _ when type == mapping.RowType.Condition && mapping.Condition is { } c => Condition(record, c, id),
            _ when type == mapping.RowType.Observation && mapping.Observation is { } o => Observation(record, o, id),
            _ => throw new CsvRowException(record.Line, mapping.RowType.Column, $"unknown or unmapped row type '{type}'"),
        };
        if (clinical is not null)
        {
            clinical.Id = $"{record.Line}";
        }

        return new CsvRow(id, patient, clinical);
    }

    /// <summary>Later rows fill in demographics earlier rows lacked; conflicting values are kept from the first.</summary>
    public static Patient Merge(Patient? existing, Patient incoming)
    {
        if (existing is null)
        {
            return incoming;
        }

        var merged = (Patient)existing.DeepCopy();
        if (merged.Name.Count == 0)
        {
            merged.Name = incoming.Name;
        }

        merged.BirthDate ??= incoming.BirthDate;
        merged.Gender ??= incoming.Gender;
        return merged;
    }

    private Condition Condition(CsvRecord record, CsvCodedMapping c, string patientId)
    {
        var condition = new Condition
        {
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Code = Code(record, c),
            Subject = new ResourceReference(patientId),
        };
        var onset = header.Cell(record, c.Date);
        if (onset.Length > 0)
        {
            condition.Onset = new FhirDateTime(Date(record, c.Date!, onset, dateOnly: false));
        }

        return condition;
    }

    private Observation Observation(CsvRecord record, CsvCodedMapping o, string patientId)
    {
        var observation = new Observation { Status = ObservationStatus.Final, Code = Code(record, o), Subject = new ResourceReference(patientId) };
        var value = header.Cell(record, o.Value);
        var unit = header.Cell(record, o.Unit);
        if (value.Length > 0)
        {
            observation.Value = decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                ? new Quantity { Value = number, Unit = unit.Length == 0 ? null : unit, Code = unit.Length == 0 ? null : unit, System = unit.Length == 0 ? null : o.UnitSystem }
                : unit.Length == 0 ? new FhirString(value) : throw new CsvRowException(record.Line, o.Value!, "value is not a number but the row has a unit");
        }

        var range = header.Cell(record, o.ReferenceRange);
        if (range.Length > 0)
        {
            observation.ReferenceRange.Add(new Observation.ReferenceRangeComponent { Text = range });
        }

        var effective = header.Cell(record, o.Date);
        if (effective.Length > 0)
        {
            observation.Effective = new FhirDateTime(Date(record, o.Date!, effective, dateOnly: false));
        }

        return observation;
    }

    private CodeableConcept Code(CsvRecord record, CsvCodedMapping m)
    {
        var display = header.Cell(record, m.Display);
        return new CodeableConcept(m.System, Required(record, m.Code), display.Length == 0 ? null : display);
    }

    private string Date(CsvRecord record, string column, string text, bool dateOnly)
    {
        foreach (var format in mapping.DateFormats)
        {
            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                var hasTime = format.Contains('H', StringComparison.Ordinal);
                return dateOnly || !hasTime
                    ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + mapping.UtcOffset;
            }
        }

        throw new CsvRowException(record.Line, column, $"date matches none of the formats {string.Join(", ", mapping.DateFormats)}");
    }

    private string Required(CsvRecord record, string column)
    {
        var value = header.Cell(record, column);
        return value.Length > 0 ? value : throw new CsvRowException(record.Line, column, "required value is empty");
    }
}
