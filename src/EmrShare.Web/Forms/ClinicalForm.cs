using System.Globalization;
using EmrShare.Web.Services;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EmrShare.Web.Forms;

/// <summary>
/// What the clinician forms share: reading posted text as numbers and dates with errors in words (keyed by the form
/// field, so the page shows each next to its field), and wrapping the resources into one collection Bundle tagged with
/// the form that made it, serialised as FHIR JSON for the ordinary create/amend path (which validates it).
/// </summary>
internal sealed class ClinicalForm(string localPatientId, TimeProvider time)
{
    public const string FormTagSystem = "urn:emrshare:clinician-form";
    public const string LocalPatientSystem = "urn:emrshare:local-patient-id";

    private readonly InputValidator _errors = new();

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    /// <summary>The chart's patient: named by the hospital-local id (the record stays in this chart and is encrypted).</summary>
    public ResourceReference Patient => new() { Identifier = new Identifier(LocalPatientSystem, localPatientId) };

    public void Error(string field, string message) => _errors.Add(field, message);

    /// <summary>An optional decimal within [min, max]; a value outside is an error naming the range and unit.</summary>
    public decimal? Number(string field, string? text, decimal min, decimal max, string label, string unit)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            Error(field, $"{label} must be a number");
            return null;
        }

        if (value < min || value > max)
        {
            Error(field, $"{label} must be between {min} and {max} {unit}".TrimEnd());
            return null;
        }

        return value;
    }

    /// <summary>Required free text of at most <paramref name="max"/> characters.</summary>
    public string? Text(string field, string? text, string label, int max = 500, bool required = true)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Error(field, $"{label} is required");
            }

            return null;
        }

        if (value.Length > max)
        {
            Error(field, $"{label} is too long (at most {max} characters)");
            return null;
        }

        return value;
    }

    /// <summary>An optional date (yyyy-MM-dd) not in the future; today when <paramref name="defaultToday"/>.</summary>
    public string? Date(string field, string? text, string label, bool defaultToday = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultToday ? Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Error(field, $"{label} must be a date like 2024-05-20");
            return null;
        }

        if (date > DateOnly.FromDateTime(Now.UtcDateTime.AddDays(1)))
        {
            Error(field, $"{label} cannot be in the future");
            return null;
        }

        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>One of the allowed values (a select posted something else only when tampered with).</summary>
    public string? Choice(string field, string? value, string label, params string[] allowed)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Error(field, $"{label}: choose one of {string.Join(", ", allowed)}");
            return null;
        }

        return value;
    }

    /// <summary>Throws the collected field errors, if any (400 through the usual mapping).</summary>
    public void ThrowIfInvalid() => _errors.ThrowIfInvalid();

    /// <summary>The resources as one collection Bundle tagged with <paramref name="formName"/>, as FHIR JSON bytes.</summary>
    public byte[] Bundle(string formName, IEnumerable<Resource> resources)
    {
        ThrowIfInvalid();
        var bundle = new Bundle
        {
            Type = Hl7.Fhir.Model.Bundle.BundleType.Collection,
            Timestamp = Now,
            Meta = new Meta { Tag = [new Coding(FormTagSystem, formName)] },
        };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid().ToString("D"), Resource = resource });
        }

        return System.Text.Encoding.UTF8.GetBytes(new FhirJsonSerializer().SerializeToString(bundle));
    }

    public static Quantity Ucum(decimal value, string code, string unit) =>
        new() { Value = value, System = "http://unitsofmeasure.org", Code = code, Unit = unit };

    public static CodeableConcept Coded(string system, string code, string display) =>
        new() { Coding = [new Coding(system, code, display)], Text = display };
}
