using EmrShare.Fhir.Demographics;
using Microsoft.Extensions.Logging;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// How an emergency chart (opened for a break-glass copy before the patient could check in) compares with a patient's
/// chart: the fields that were compared on both sides and agree, and those that differ (names of fields, never values).
/// </summary>
/// <param name="EmergencyChart">The emergency chart's local id.</param>
/// <param name="Agreeing">Fields present in both charts that agree ("family name", "birth date", ..., or the custodian's pseudonym).</param>
/// <param name="Mismatches">Fields that differ: the clerk must decide, and may merge only with a reason.</param>
public sealed record EmergencyChartMatch(string EmergencyChart, IReadOnlyList<string> Agreeing, IReadOnlyList<string> Mismatches)
{
    /// <summary>
    /// The same person beyond doubt: nothing differs, and either the custodian names both charts' copies by the same
    /// pseudonym or an identifier with the same system has the same value on both sides. Break-glass fix 2: family
    /// name and birth date alone (two "Garcia, 1990-05-01") are a question for the clerk, never a merge by itself.
    /// </summary>
    public bool SamePatient => Mismatches.Count == 0
        && (Agreeing.Contains(HospitalService.CustodianPseudonymField) || Agreeing.Contains("identifier"));
}

/// <summary>What a check-in did with the emergency charts: merged ones, and near misses left for the clerk to decide.</summary>
public sealed record EmergencyChartMerges(IReadOnlyList<string> Merged, IReadOnlyList<EmergencyChartMatch> Questions);

/// <summary>
/// Issue 16: when a patient served under break-glass later checks in here normally, the emergency chart opened for
/// them is merged into their chart — records move, the "emergency copy" badge goes (the emergency chart is empty), the
/// merge is audited ("emergency-chart-merge"). Matching uses the wrong-patient check's rule
/// (<see cref="DemographicsMatcher"/>) and the custodian's pseudonym, as for filing an emergency copy. Only a chart that
/// is <see cref="EmergencyChartMatch.SamePatient"/> merges by itself; a near miss (something agrees, something differs)
/// is never merged silently: it is listed for the clerk (<see cref="ListEmergencyChartQuestionsAsync"/>), who merges it
/// with a reason (<see cref="MergeEmergencyChartAsync"/>, override log) or leaves it.
/// </summary>
public sealed partial class HospitalService
{
    /// <summary>Audit kind of an emergency chart merged into a patient's chart (counterpart: "emergency chart -> chart").</summary>
    public const string ChartMergeAudit = "emergency-chart-merge";

    /// <summary>Audit kind (purpose) of an emergency chart's demographics decrypted to compare it with a patient's chart (counterpart: the emergency chart).</summary>
    public const string ChartMatchAudit = "emergency-chart-match";

    /// <summary>
    /// Runs when a check-in completes (<see cref="FinishVisitAsync"/>) and when a checked-in patient's demographics are
    /// registered: merges every emergency chart that is the same patient and returns the near misses for the clerk.
    /// </summary>
    public async Task<EmergencyChartMerges> MergeEmergencyChartsAtCheckInAsync(string localPatientId, CancellationToken cancellationToken)
    {
        var merged = new List<string>();
        var questions = new List<EmergencyChartMatch>();
        foreach (var match in await MatchEmergencyChartsAsync(localPatientId, cancellationToken).ConfigureAwait(false))
        {
            if (match.SamePatient)
            {
                await MergeAsync(match, localPatientId, "check-in", cancellationToken).ConfigureAwait(false);
                merged.Add(match.EmergencyChart);
            }
            else if (match.Agreeing.Count > 0)
            {
                questions.Add(match);
            }
        }

        return new EmergencyChartMerges(merged, questions);
    }

    /// <summary>
    /// The check-in hook (<see cref="FinishVisitAsync"/>): a merge that fails (storage unavailable) must not fail the
    /// patient's check-in; it is logged, and the clerk's list (<see cref="ListEmergencyChartQuestionsAsync"/>) and the
    /// next check-in or demographics registration try again.
    /// </summary>
    private async Task MergeEmergencyChartsAfterVisitAsync(string localPatientId, CancellationToken cancellationToken)
    {
        try
        {
            await MergeEmergencyChartsAtCheckInAsync(localPatientId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Break-glass fix 4: any failure (not only NodeException) must not fail the check-in. No PHI: the type only.
            LogChartMergeFailed(_options.Logger, localPatientId, ex.GetType().Name);
        }
    }

    /// <summary>Emergency charts that may be this patient's but differ in something: the clerk decides.</summary>
    public async Task<IReadOnlyList<EmergencyChartMatch>> ListEmergencyChartQuestionsAsync(string localPatientId, CancellationToken cancellationToken) =>
        [.. (await MatchEmergencyChartsAsync(localPatientId, cancellationToken).ConfigureAwait(false)).Where(m => !m.SamePatient && m.Agreeing.Count > 0)];

    /// <summary>
    /// The clerk's decision: merges <paramref name="emergencyChart"/> into the patient's chart. Unless the charts are
    /// <see cref="EmergencyChartMatch.SamePatient"/> (break-glass fix 3: also when nothing could be compared), a reason
    /// is required (<see cref="PatientMismatchException"/> otherwise) and kept in the override log with the clerk's
    /// account; the merge's audit line names the account too.
    /// </summary>
    public async Task<int> MergeEmergencyChartAsync(string emergencyChart, string localPatientId, string decidedBy, DemographicsOverride? decision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(emergencyChart);
        ArgumentException.ThrowIfNullOrWhiteSpace(decidedBy);
        var match = (await MatchEmergencyChartsAsync(localPatientId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(m => m.EmergencyChart == emergencyChart)
            ?? throw new UnknownEntityException("no emergency chart with this id here");
        if (!match.SamePatient)
        {
            if (decision is null || string.IsNullOrWhiteSpace(decision.Reason))
            {
                throw new PatientMismatchException(match.Mismatches);
            }

            var row = new DemographicsOverrideRow
            {
                At = _time.GetUtcNow().ToUnixTimeSeconds(),
                LocalId = localPatientId,
                RecordId = string.Empty,
                Practitioner = decidedBy.Trim(),
                Fields = match.Mismatches.Count > 0 ? string.Join(", ", match.Mismatches) : "nothing that identifies the patient agrees",
                Reason = decision.Reason.Trim(),
            };
            await Database.AddDemographicsOverrideAsync(row, NewAudit("wrong-patient-override", null, row.Practitioner, null), cancellationToken).ConfigureAwait(false);
        }

        return await MergeAsync(match, localPatientId, decidedBy.Trim(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> MergeAsync(EmergencyChartMatch match, string localPatientId, string decidedBy, CancellationToken cancellationToken)
    {
        // The emergency chart's demographics are sealed under its own id: the patient's chart takes them when it has none.
        if (await FindDemographicsAsync(localPatientId, cancellationToken).ConfigureAwait(false) is null
            && await FindDemographicsAsync(match.EmergencyChart, cancellationToken).ConfigureAwait(false) is { } known)
        {
            await SaveDemographicsAsync(localPatientId, known, null, cancellationToken).ConfigureAwait(false);
        }

        var moved = await Database.MergeChartAsync(match.EmergencyChart, localPatientId, NewAudit(ChartMergeAudit, null, $"{match.EmergencyChart} -> {localPatientId} by {decidedBy}", null), cancellationToken).ConfigureAwait(false);
        LogChartMerged(_options.Logger, match.EmergencyChart, localPatientId, moved, decidedBy);
        return moved;
    }

    /// <summary>Every emergency chart compared with the patient's chart (demographics, and the custodians' pseudonyms).</summary>
    private async Task<IReadOnlyList<EmergencyChartMatch>> MatchEmergencyChartsAsync(string localPatientId, CancellationToken cancellationToken)
    {
        _ = await Database.FindPatientAsync(localPatientId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such patient here");
        var charts = await Database.ListEmergencyChartsAsync(cancellationToken).ConfigureAwait(false);
        if (charts.Count == 0)
        {
            return [];
        }

        var demographics = await FindDemographicsAsync(localPatientId, cancellationToken).ConfigureAwait(false);
        var pseudonyms = PseudonymsByCustodian(await Database.ListChartRecordsAsync(localPatientId, cancellationToken).ConfigureAwait(false));
        var matches = new List<EmergencyChartMatch>();
        foreach (var chart in charts)
        {
            try
            {
                matches.Add(await MatchEmergencyChartAsync(chart.LocalId, demographics, pseudonyms, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Break-glass fix 4: one unreadable emergency chart (corrupt demographics) is skipped, not every check-in failed.
                LogChartCompareFailed(_options.Logger, chart.LocalId, ex.GetType().Name);
            }
        }

        return matches;
    }

    private async Task<EmergencyChartMatch> MatchEmergencyChartAsync(string emergencyChart, PatientDemographics? demographics,
        Dictionary<string, HashSet<string>> pseudonyms, CancellationToken cancellationToken)
    {
        var agreeing = new List<string>();
        var mismatches = new List<string>();
        if (demographics is not null && await FindDemographicsAsync(emergencyChart, cancellationToken).ConfigureAwait(false) is { } other)
        {
            // Break-glass fix 5: demographics decrypted to compare charts are a read of patient data: audited.
            await Database.AddAuditAsync(NewAudit(ChartMatchAudit, null, emergencyChart, null), cancellationToken).ConfigureAwait(false);
            var differ = DemographicsMatcher.Mismatches(demographics, other);
            mismatches.AddRange(differ);
            agreeing.AddRange(ComparedFields(demographics, other).Except(differ, StringComparer.Ordinal));
        }

        // A custodian names one patient by one pseudonym in every manifest (the rule of HospitalService.EmergencyChart.cs).
        var theirs = PseudonymsByCustodian(await Database.ListChartRecordsAsync(emergencyChart, cancellationToken).ConfigureAwait(false));
        foreach (var (custodian, names) in theirs)
        {
            if (pseudonyms.TryGetValue(custodian, out var ours))
            {
                (ours.Overlaps(names) ? agreeing : mismatches).Add(CustodianPseudonymField);
            }
        }

        return new EmergencyChartMatch(emergencyChart, [.. agreeing.Distinct(StringComparer.Ordinal)], [.. mismatches.Distinct(StringComparer.Ordinal)]);
    }

    private static Dictionary<string, HashSet<string>> PseudonymsByCustodian(IReadOnlyList<RecordRow> records) =>
        records.Where(r => r.Origin == "received").GroupBy(r => r.Custodian, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Pseudonym).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The fields <see cref="DemographicsMatcher"/> could compare: known on both sides.</summary>
    private static IEnumerable<string> ComparedFields(PatientDemographics a, PatientDemographics b)
    {
        if (a.FamilyNames.Count > 0 && b.FamilyNames.Count > 0)
        {
            yield return "family name";
        }

        if (a.GivenNames.Count > 0 && b.GivenNames.Count > 0)
        {
            yield return "given name";
        }

        if (a.BirthDate is not null && b.BirthDate is not null)
        {
            yield return "birth date";
        }

        if (a.Gender is "male" or "female" or "other" && b.Gender is "male" or "female" or "other")
        {
            yield return "sex";
        }

        if (a.Identifiers.Any(i => i.System.Length > 0 && b.Identifiers.Any(j => j.System == i.System)))
        {
            yield return "identifier";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "emergency charts were not merged at the check-in of chart {Chart}: {Error}; the next check-in tries again")]
    private static partial void LogChartMergeFailed(ILogger logger, string chart, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "emergency chart {EmergencyChart} was not compared with a patient's chart: {Error}; it is skipped")]
    private static partial void LogChartCompareFailed(ILogger logger, string emergencyChart, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "emergency chart {EmergencyChart} merged into chart {Chart}: {Moved} record versions moved (decided by {DecidedBy})")]
    private static partial void LogChartMerged(ILogger logger, string emergencyChart, string chart, int moved, string decidedBy);
}
