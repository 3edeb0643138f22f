using System.Globalization;
using System.Security.Cryptography;
using EmrShare.Core;
using QRCoder;

namespace EmrShare.Web.Services;

/// <summary>
/// What the hospital desk shows the patient's phone to start a check-in (issue 17 item 4): the endpoint the wallet
/// runs the mutual-auth handshake with, the hospital's chain address (the handshake proves the endpoint holds its
/// key), the chain id the handshake signs over and a fresh random challenge with its issue time (the wallet refuses a code older than
/// <see cref="MaxAge"/>, and shows the challenge's short form so desk and patient can compare). Nothing secret:
/// the code is printed on screen. The wallet's parser is src/EmrShare.Wallet/Checkin/CheckInCode.cs.
/// </summary>
public sealed record CheckInCode(Uri Endpoint, ChainAddress Hospital, ulong ChainId, Hash32 Challenge, DateTimeOffset Issued)
{
    public const string Scheme = "emrshare-checkin";

    public static TimeSpan MaxAge { get; } = TimeSpan.FromMinutes(15);

    public static CheckInCode Fresh(Uri endpoint, ChainAddress hospital, ulong chainId, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new CheckInCode(endpoint, hospital, chainId, Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)), time.GetUtcNow());
    }

    /// <summary>The text in the QR code (and shown under it, for pasting).</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"{Scheme}:v1?endpoint={Uri.EscapeDataString(Endpoint.ToString())}&hospital={Hospital.Lower}&chain={ChainId}&challenge={Challenge}&issued={Issued.ToUnixTimeSeconds()}");

    /// <summary>The first 8 hex digits of the challenge, for a glance comparison at the desk.</summary>
    public string ShortChallenge => Challenge.ToString()[2..10];

    /// <summary>The QR code as a PNG data URI (the dashboards' CSP allows <c>data:</c> images only).</summary>
    public string PngDataUri()
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }
}
