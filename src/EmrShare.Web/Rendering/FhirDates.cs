using System.Globalization;

namespace EmrShare.Web.Rendering;

/// <summary>
/// FHIR dates as people read them: <c>2024-05-20</c> → "20 May 2024", <c>2024-05</c> → "May 2024",
/// <c>2024-05-20T10:30:00+02:00</c> → "20 May 2024, 10:30" (the time as recorded where it happened). The precision the
/// record gives is kept; a value that is not a FHIR date is shown as it is, never dropped.
/// </summary>
internal static class FhirDates
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string? Readable(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Length switch
        {
            4 when int.TryParse(value, NumberStyles.None, Culture, out _) => value,
            7 when DateTime.TryParseExact(value, "yyyy-MM", Culture, DateTimeStyles.None, out var month) => month.ToString("MMM yyyy", Culture),
            10 when DateTime.TryParseExact(value, "yyyy-MM-dd", Culture, DateTimeStyles.None, out var day) => day.ToString("d MMM yyyy", Culture),
            > 10 when DateTimeOffset.TryParse(value, Culture, DateTimeStyles.AssumeUniversal, out var at) => at.ToString("d MMM yyyy, HH:mm", Culture),
            _ => value,
        };
    }

    public static string Readable(DateTimeOffset value) => value.ToString("d MMM yyyy, HH:mm", Culture);
}
