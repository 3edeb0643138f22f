using System.Diagnostics;
using System.Text;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// Runs one fuzz target: for case i a <see cref="Random"/> seeded from (run seed, target, i) generates the
/// input, so any case replays on its own. An exception the target does not document, an invariant violation,
/// a slow case or a run over its time budget is a finding; the test fails listing seed, case, input and stack.
/// </summary>
public static class FuzzRunner
{
    private const int MaxReported = 5;

    public static Task RunAsync<T>(FuzzTarget<T> target, CancellationToken cancellationToken) =>
        RunAsync(target, FuzzSettings.Cases, cancellationToken);

    public static async Task RunAsync<T>(FuzzTarget<T> target, int cases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var findings = new List<string>();
        var findingCount = 0;
        var accepted = 0;
        var rejected = 0;
        var excluded = 0;
        var rejections = new Dictionary<string, int>(StringComparer.Ordinal);
        // Cancelled on timeout too, so a run that overran its budget stops at the next case instead of burning CPU.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        var run = Task.Run(
            async () =>
            {
                for (var i = 0; i < cases; i++)
                {
                    token.ThrowIfCancellationRequested();
                    var random = new Random(CaseSeed(target.Name, i));
                    var input = target.Generate(random);
                    var clock = Stopwatch.StartNew();
                    string? problem = null;
                    Exception? failure = null;
                    try
                    {
                        await target.Check(input).ConfigureAwait(false);
                        accepted++;
                    }
                    catch (KnownFindingException)
                    {
                        excluded++;
                    }
                    catch (FuzzInvariantException e)
                    {
                        problem = "invariant violated";
                        failure = e;
                    }
                    catch (Exception e) when (target.IsDocumented(e))
                    {
                        rejected++;
                        var key = e.GetType().Name + ": " + (e.Message.Length > 60 ? e.Message[..60] : e.Message);
                        rejections[key] = rejections.GetValueOrDefault(key) + 1;
                    }
                    catch (Exception e)
                    {
                        problem = "undocumented exception";
                        failure = e;
                    }

                    if (problem is null && clock.Elapsed > FuzzSettings.SlowCase)
                    {
                        problem = $"slow case ({clock.Elapsed.TotalSeconds:F1} s)";
                    }

                    if (problem is not null && ++findingCount <= MaxReported)
                    {
                        findings.Add(Describe(target, i, input, problem, failure));
                    }
                }
            },
            token);

        var budget = FuzzSettings.Budget(target.MillisecondsPerCase * cases / (double)FuzzSettings.Cases);
        try
        {
            await run.WaitAsync(budget, cancellationToken);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            Assert.Fail($"fuzz target {target.Name} did not finish {cases} cases within {budget} (hang?); seed {FuzzSettings.Seed}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"fuzz {target.Name}: {cases} cases, {accepted} accepted, {rejected} rejected with documented errors, {excluded} excluded as known findings, {findingCount} findings (seed {FuzzSettings.Seed})");
        foreach (var (reason, count) in rejections.OrderByDescending(r => r.Value).Take(8))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"  {count,7} × {reason}");
        }

        if (findingCount > 0)
        {
            Assert.Fail($"{findingCount} finding(s) in {cases} cases of {target.Name}:\n\n" + string.Join("\n\n", findings));
        }

        // A target whose inputs are all rejected never reaches the deep code: that is a broken generator, not a pass.
        Assert.True(accepted >= cases / 100 || !target.ExpectsAccepted, $"{target.Name}: only {accepted} of {cases} inputs were accepted; mutations do not reach past the first check");
        Assert.True(rejected > 0, $"{target.Name}: no input was rejected; the generator does not produce malformed inputs");
    }

    /// <summary>Stable across processes (unlike string.GetHashCode), so a printed seed and case replay exactly.</summary>
    public static int CaseSeed(string target, int index)
    {
        var hash = 2166136261u ^ (uint)FuzzSettings.Seed;
        foreach (var c in target)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)((hash ^ (uint)index) * 16777619u) ^ index;
    }

    private static string Describe<T>(FuzzTarget<T> target, int index, T input, string problem, Exception? failure)
    {
        var text = new StringBuilder()
            .Append(problem).Append(" — target ").Append(target.Name)
            .Append(", EMRSHARE_FUZZ_SEED=").Append(FuzzSettings.Seed)
            .Append(", case ").Append(index).AppendLine()
            .Append("input: ").AppendLine(Truncate(target.Describe(input), 2_000));
        if (failure is not null)
        {
            text.Append(failure.GetType().FullName).Append(": ").AppendLine(failure.Message).Append(failure.StackTrace);
        }

        return text.ToString();
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + $"… ({text.Length} chars)";
}
