using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EmrShare.Core.Handshake;

/// <summary>
/// The short authentication string of a desk check-in (review finding 6): six digits derived from the handshake's
/// transcript hash (<see cref="SecureSession.SessionId"/>), which the phone and the hospital both compute and nobody
/// else can choose. The phone shows them; the desk clerk types what the phone in front of them shows, and only then
/// does the hospital bind that check-in to a chart. Someone who photographed the desk's QR and checked in from
/// elsewhere holds a session whose code no phone at the desk shows, so their check-in is never confirmed.
/// </summary>
public static class CheckInConfirmation
{
    public const int Digits = 6;

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("EmrShare desk check-in confirmation v1");

    /// <summary>The six digits for one handshake: SHA-256(label ‖ transcript hash), first 4 bytes big-endian, mod 10^6.</summary>
    public static string Of(Hash32 sessionId)
    {
        Span<byte> input = stackalloc byte[Label.Length + 32];
        Label.CopyTo(input);
        sessionId.CopyTo(input[Label.Length..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        return (BinaryPrimitives.ReadUInt32BigEndian(digest) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="typed"/> (spaces allowed, as people read digits in groups) is the code of this handshake; constant time.</summary>
    public static bool Matches(Hash32 sessionId, string? typed)
    {
        var digits = new string((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray());
        return digits.Length == Digits
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digits), Encoding.ASCII.GetBytes(Of(sessionId)));
    }
}
