using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Web.Auth;

/// <summary>
/// RFC 6238 time-based one-time passwords as every authenticator app makes them: HMAC-SHA1, 6 digits, 30-second
/// steps, a code accepted one step early or late (clock drift), and each step usable once per account (replay refused
/// by the caller remembering the last step used).
/// </summary>
public static class Totp
{
    public const int Digits = 6;
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>A new 160-bit secret (RFC 4226's recommended length) in base32, as authenticator apps take it.</summary>
    public static string NewSecret() => Base32Lower.Encode(RandomNumberGenerator.GetBytes(20)).ToUpperInvariant();

    /// <summary>The <c>otpauth://</c> URI an authenticator app imports (or a QR code carries).</summary>
    public static string EnrolmentUri(string issuer, string account, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={(int)Step.TotalSeconds}";

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>The code of one time step (RFC 4226 dynamic truncation); <paramref name="digits"/> 8 matches RFC 6238's test vectors.</summary>
    public static string Compute(byte[] key, long step, int digits = Digits)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(key, counter, mac);
        var offset = mac[19] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7fffffff) % (int)Math.Pow(10, digits);
        return binary.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>
    /// The time step <paramref name="code"/> belongs to (now, one before or one after) if it is later than
    /// <paramref name="lastUsedStep"/>; null if wrong, malformed or already used.
    /// </summary>
    public static long? Match(string base32Secret, string? code, DateTimeOffset now, long lastUsedStep)
    {
        var trimmed = code?.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (trimmed is not { Length: Digits } || !trimmed.All(char.IsAsciiDigit) || !Base32Lower.TryDecode(base32Secret.ToLowerInvariant(), out var key))
        {
            return null;
        }

        var current = StepAt(now);
        for (var step = current - 1; step <= current + 1; step++)
        {
            if (step > lastUsedStep && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(Compute(key, step)), System.Text.Encoding.ASCII.GetBytes(trimmed)))
            {
                return step;
            }
        }

        return null;
    }
}
