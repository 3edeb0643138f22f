namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// One component entry point under fuzzing: how to make an input, what to call, which exceptions the component
/// documents for bad input (everything else is a finding) and how to print an input for a report.
/// </summary>
public sealed record FuzzTarget<T>(
    string Name,
    Func<Random, T> Generate,
    Func<T, ValueTask> Check,
    Func<Exception, bool> IsDocumented,
    Func<T, string> Describe)
{
    /// <summary>Time budget per case used for the hang timeout; raise for network or heavy-crypto targets.</summary>
    public double MillisecondsPerCase { get; init; } = 2;

    /// <summary>False for targets where acceptance is rare by design (e.g. random bytes as a MAC).</summary>
    public bool ExpectsAccepted { get; init; } = true;

    public static FuzzTarget<T> Sync(string name, Func<Random, T> generate, Action<T> check, Func<Exception, bool> isDocumented, Func<T, string> describe) =>
        new(name, generate, input =>
        {
            check(input);
            return ValueTask.CompletedTask;
        }, isDocumented, describe);
}

/// <summary>A target accepted an input it must not (e.g. a modified ciphertext decrypted): always a finding.</summary>
public sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException()
    {
    }

    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    public FuzzInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(message);
        }
    }
}
