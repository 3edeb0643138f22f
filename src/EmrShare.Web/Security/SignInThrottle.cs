using System.Collections.Concurrent;
using EmrShare.Core.Errors;

namespace EmrShare.Web.Security;

/// <summary>Too many failed sign-ins for this account or from this address: try again after <see cref="RetryAfter"/>.</summary>
[ErrorKind(ErrorKind.RateLimited)]
public sealed class SignInThrottledException(TimeSpan retryAfter)
    : WebRefusalException("too many failed sign-ins; try again later")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>When failed sign-ins slow down and lock out.</summary>
public sealed record SignInThrottleOptions
{
    /// <summary>Failures of one account before each further attempt must wait (1 s, doubling).</summary>
    public int AccountFreeFailures { get; init; } = 3;

    /// <summary>Failures of one account that lock it for <see cref="LockoutDuration"/> and raise an alert.</summary>
    public int AccountLockoutFailures { get; init; } = 10;

    /// <summary>Failures from one client address before its attempts must wait (1 s, doubling).</summary>
    public int AddressFreeFailures { get; init; } = 20;

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A counter with no failure for this long starts again from zero.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Per-account and per-address brute-force protection: after a few failures each attempt must wait an exponentially
/// growing delay; after <see cref="SignInThrottleOptions.AccountLockoutFailures"/> the account is locked for a while
/// and an alert is logged. Every failure is written to the security log (no password, ever). A success clears the
/// account's counter but not the address's, so an attacker cannot reset it with their own account.
/// </summary>
public sealed partial class SignInThrottle(SignInThrottleOptions options, TimeProvider time, ILogger<SignInThrottle> logger)
{
    private readonly ConcurrentDictionary<string, Counter> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Counter> _addresses = new(StringComparer.Ordinal);

    /// <summary>Throws <see cref="SignInThrottledException"/> if this account or address must still wait.</summary>
    public void EnsureAllowed(string account, string address)
    {
        account = Bounded(account);
        var now = time.GetUtcNow();
        var wait = Max(WaitOf(_accounts, account, now), WaitOf(_addresses, address, now));
        if (wait > TimeSpan.Zero)
        {
            LogThrottled(logger, account, address, (int)Math.Ceiling(wait.TotalSeconds));
            throw new SignInThrottledException(wait);
        }
    }

    public void RecordFailure(string account, string address)
    {
        account = Bounded(account);
        var now = time.GetUtcNow();
        var accountFailures = Fail(_accounts, account, now, options.AccountFreeFailures, options.AccountLockoutFailures);
        Fail(_addresses, address, now, options.AddressFreeFailures, lockoutAfter: int.MaxValue);
        LogFailed(logger, account, address, accountFailures);
        if (accountFailures == options.AccountLockoutFailures)
        {
            LogLockedOut(logger, account, address, (int)options.LockoutDuration.TotalMinutes);
        }
    }

    public void RecordSuccess(string account, string address)
    {
        account = Bounded(account);
        _accounts.TryRemove(account, out _);
        LogSignedIn(logger, account, address);
    }

    private static TimeSpan WaitOf(ConcurrentDictionary<string, Counter> counters, string key, DateTimeOffset now) =>
        counters.TryGetValue(key, out var counter) && counter.NotBefore > now ? counter.NotBefore - now : TimeSpan.Zero;

    private int Fail(ConcurrentDictionary<string, Counter> counters, string key, DateTimeOffset now, int freeFailures, int lockoutAfter)
    {
        var counter = counters.AddOrUpdate(
            key,
            _ => Next(new Counter(0, now, now), now, freeFailures, lockoutAfter),
            (_, current) => Next(now - current.LastFailure > options.Window ? new Counter(0, now, now) : current, now, freeFailures, lockoutAfter));
        return counter.Failures;
    }

    private Counter Next(Counter current, DateTimeOffset now, int freeFailures, int lockoutAfter)
    {
        var failures = current.Failures + 1;
        var notBefore = now;
        if (failures >= lockoutAfter)
        {
            notBefore = now + options.LockoutDuration;
        }
        else if (failures > freeFailures)
        {
            var seconds = Math.Min(Math.Pow(2, failures - freeFailures - 1), options.MaxBackoff.TotalSeconds);
            notBefore = now + TimeSpan.FromSeconds(seconds);
        }

        return new Counter(failures, now, notBefore);
    }

    /// <summary>Usernames are client input: at most 64 characters and no control characters reach the counters or the log.</summary>
    private static string Bounded(string account)
    {
        var text = account.Length > 64 ? account[..64] : account;
        return string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Counter(int Failures, DateTimeOffset LastFailure, DateTimeOffset NotBefore);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Security: failed sign-in for account {Account} from {Address} ({Failures} in a row)")]
    private static partial void LogFailed(ILogger logger, string account, string address, int failures);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Critical, Message = "Security alert: account {Account} locked for {Minutes} min after repeated failed sign-ins (last from {Address})")]
    private static partial void LogLockedOut(ILogger logger, string account, string address, int minutes);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Security: sign-in for account {Account} from {Address} refused for {Seconds} s (throttled)")]
    private static partial void LogThrottled(ILogger logger, string account, string address, int seconds);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Security: account {Account} signed in from {Address}")]
    private static partial void LogSignedIn(ILogger logger, string account, string address);
}
