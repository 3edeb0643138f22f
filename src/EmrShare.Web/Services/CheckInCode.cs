using System.Globalization;
using EmrShare.Core;
using EmrShare.Core.Handshake;
using QRCoder;

namespace EmrShare.Web.Services;

/// <summary>
/// What the hospital desk shows the patient's phone to start a check-in (issue 17 item 4): the endpoint the wallet
/// runs the mutual-auth handshake with, the hospital's chain address (the handshake proves the endpoint holds its
/// key), the chain id the handshake signs over and a fresh random challenge with its issue time. The phone binds the
/// challenge into the handshake transcript; the hospital accepts it once, within <see cref="MaxAge"/>, only if its desk
/// issued it (Core's DeskChallenges). The wallet also refuses an older code before it starts, and shows the challenge's short form so desk and patient can compare). Nothing secret:
/// the code is printed on screen. The wallet's parser is src/EmrShare.Wallet/Checkin/CheckInCode.cs.
/// </summary>
public sealed record CheckInCode(Uri Endpoint, ChainAddress Hospital, ulong ChainId, Hash32 Challenge, DateTimeOffset Issued)
{
    public const string Scheme = "emrshare-checkin";

    public static TimeSpan MaxAge => DeskChallenges.MaxAge;

    /// <summary>A code with a challenge the hospital's desk just issued (remembered there: single use, <see cref="MaxAge"/>).</summary>
    public static CheckInCode Fresh(Uri endpoint, ChainAddress hospital, ulong chainId, IDeskChallengeStore desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var issued = desk.Issue();
        return new CheckInCode(endpoint, hospital, chainId, issued.Challenge, DateTimeOffset.FromUnixTimeSeconds(issued.Issued));
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
