using QRCoder;

namespace EmrShare.Wallet.Services;

/// <summary>QR codes drawn on the device as PNG data URLs (QRCoder's PNG writer is managed code: it runs in the browser).</summary>
public static class QrImage
{
    /// <summary>A PNG data URL for <paramref name="text"/> at error-correction level L (the most data per code).</summary>
    public static string DataUrl(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        var png = new PngByteQRCode(data).GetGraphic(4);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
