namespace EmrShare.Nodes.Discovery;

/// <summary>Delays that double from <paramref name="First"/> up to <paramref name="Maximum"/> (never beyond it).</summary>
public sealed record RetryBackoff(TimeSpan First, TimeSpan Maximum)
{
    /// <summary>What a hospital host waiting for its registration uses: 1 s, 2 s, 4 s, 8 s, then every 10 s.</summary>
    public static RetryBackoff Registration { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    public TimeSpan Next(TimeSpan current) => current * 2 < Maximum ? current * 2 : Maximum;
}
