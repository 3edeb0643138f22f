namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// Mechanism for a finding that cannot be fixed at once: a target may skip exactly the crashing input class
/// (counted as "excluded" in the run output) until the owner fixes it. Findings F1–F7 of the first fuzzing
/// run are fixed and no class is excluded today (docs/threat-model.md § Fuzzing).
/// </summary>
public static class KnownFindings
{
    /// <summary>Ends a case that belongs to a known finding's input class; the runner counts it as excluded.</summary>
    public static void ExcludeIf(bool inKnownClass, string finding)
    {
        if (inKnownClass)
        {
            throw new KnownFindingException(finding);
        }
    }
}

/// <summary>Thrown by <see cref="KnownFindings.ExcludeIf"/>; never escapes the runner.</summary>
public sealed class KnownFindingException : Exception
{
    public KnownFindingException()
    {
    }

    public KnownFindingException(string message)
        : base(message)
    {
    }

    public KnownFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
