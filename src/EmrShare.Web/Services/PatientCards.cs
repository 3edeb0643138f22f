using System.Globalization;
using System.Security.Claims;
using EmrShare.Fhir.Demographics;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Services;

/// <summary>A patient as staff pick them: name, birth date, sex and MRN from the chart's local demographics (never on chain).</summary>
public sealed record PatientCard(PatientSummary Patient, string? Name, string? BirthDate, string? Sex, string? Mrn)
{
    public static PatientCard Of(PatientSummary patient, PatientDemographics? demographics)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (demographics is null || demographics.IsEmpty)
        {
            return new PatientCard(patient, null, null, null, null);
        }

        var name = string.Join(" ", demographics.GivenNames.Take(1).Concat(demographics.FamilyNames.Take(1)));
        return new PatientCard(patient, name.Length == 0 ? null : name, demographics.BirthDate, demographics.Gender,
            demographics.Identifiers.Select(i => i.Value).FirstOrDefault());
    }

    /// <summary>True when every word of <paramref name="query"/> appears in the name, birth date, MRN or local id.</summary>
    public bool Matches(string? query) =>
        string.IsNullOrWhiteSpace(query) || query.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word =>
            new[] { Name, BirthDate, Mrn, Patient.LocalId }.Any(f => f?.Contains(word, StringComparison.OrdinalIgnoreCase) == true));
}

/// <summary>
/// Reads the demographics behind the patient list and the chart banner (issue 16 #11). Demographics are patient
/// data, so each read writes an audit line naming the staff member: "patient-list" for the list, "demographics-read"
/// for one chart.
/// </summary>
public sealed class PatientCards(HospitalActor actor, TimeProvider time)
{
    private HospitalService Hospital => actor.Hospital;

    /// <summary>Every patient known here, and every emergency chart, with their demographics (one audit line for the listing).</summary>
    public async Task<IReadOnlyList<PatientCard>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var charts = await ChartList.ListAsync(Hospital.Database, cancellationToken).ConfigureAwait(false);
        var cards = new List<PatientCard>(charts.Count);
        foreach (var chart in charts)
        {
            cards.Add(PatientCard.Of(chart, await Hospital.FindDemographicsAsync(chart.LocalId, cancellationToken).ConfigureAwait(false)));
        }

        if (cards.Count > 0)
        {
            await AuditAsync("patient-list", $"{user.Identity?.Name} ({cards.Count.ToString(CultureInfo.InvariantCulture)} patients)", cancellationToken).ConfigureAwait(false);
        }

        return cards;
    }

    /// <summary>One chart's banner (audited); unknown patients are the caller's 404.</summary>
    public async Task<PatientCard> BannerAsync(PatientSummary patient, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(user);
        var demographics = await Hospital.FindDemographicsAsync(patient.LocalId, cancellationToken).ConfigureAwait(false);
        await AuditAsync("demographics-read", $"{user.Identity?.Name} on {patient.LocalId}", cancellationToken).ConfigureAwait(false);
        return PatientCard.Of(patient, demographics);
    }

    private Task AuditAsync(string kind, string counterpart, CancellationToken cancellationToken) =>
        Hospital.Database.AddAuditAsync(new AuditRow { At = time.GetUtcNow().ToUnixTimeSeconds(), Kind = kind, Counterpart = counterpart }, cancellationToken);
}
