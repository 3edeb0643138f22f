namespace EmrShare.Web.Auth;

/// <summary>
/// Bounds the password-hashing work (PBKDF2 for staff, scrypt at 256 MiB for a wallet unlock) running at once in the
/// process, so parallel sign-in attempts queue instead of exhausting CPU and memory.
/// </summary>
internal static class KdfLimiter
{
    public static readonly int MaxConcurrent = Math.Max(1, Environment.ProcessorCount / 2);

    private static readonly SemaphoreSlim Slots = new(MaxConcurrent, MaxConcurrent);

    private static int _running;
    private static int _peak;

    /// <summary>Most KDF runs ever seen at once (the tests check it never exceeds <see cref="MaxConcurrent"/>).</summary>
    public static int Peak => Volatile.Read(ref _peak);

    public static async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        await RunAsync(() => Task.Run(work, cancellationToken), cancellationToken).ConfigureAwait(false);

    public static async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var running = Interlocked.Increment(ref _running);
            int peak;
            while (running > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, running, peak) != peak)
            {
            }

            return await work().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            Slots.Release();
        }
    }
}
