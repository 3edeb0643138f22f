using System.Globalization;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// Run size and seed of every fuzz target. CI runs <see cref="DefaultCases"/> cases per target with a fixed
/// seed (reproducible); <c>EMRSHARE_FUZZ_CASES</c> scales a run up (e.g. 200000 for the documented long run)
/// and <c>EMRSHARE_FUZZ_SEED</c> explores other inputs. A failure message names both, so any finding replays.
/// </summary>
public static class FuzzSettings
{
    public const int DefaultCases = 10_000;

    public const int DefaultSeed = 20_261_125;

    public static int Cases { get; } = Read("EMRSHARE_FUZZ_CASES", DefaultCases);

    public static int Seed { get; } = Read("EMRSHARE_FUZZ_SEED", DefaultSeed);

    /// <summary>
    /// Wall-clock budget of one target: a hang (endless loop, deadlock) shows up as a timeout finding instead
    /// of a test run that never ends. Generous, because CI machines have 2 cores and run projects in parallel.
    /// </summary>
    public static TimeSpan Budget(double millisecondsPerCase) =>
        TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(millisecondsPerCase * Cases);

    /// <summary>A single case slower than this counts as a finding (quadratic blow-up, near-hang).</summary>
    public static TimeSpan SlowCase { get; } = TimeSpan.FromSeconds(5);

    private static int Read(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
