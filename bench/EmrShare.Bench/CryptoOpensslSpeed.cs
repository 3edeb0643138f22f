using System.Diagnostics;
using System.Globalization;

namespace EmrShare.Bench;

/// <summary>
/// Runs <c>openssl speed -elapsed -mr -evp aes-256-gcm -bytes N</c> and parses its machine-readable "+F" line
/// (bytes per second). <c>-elapsed</c> makes openssl time wall-clock like our loops do; its default is user
/// CPU time, which on a loaded machine would flatter it against a wall-clock measurement.
/// </summary>
internal static class OpensslSpeed
{
    // aead = true adds -aead: each operation is then a whole message (nonce set, associated data, text, tag), as one
    // envelope chunk is; without it OpenSSL 3.0 times one endless GCM stream (EVP_*Update only, no per-message setup or tag).
    public static async Task<double?> MeasureAsync(int size, bool decrypt, double seconds, CancellationToken cancellationToken, bool aead = false)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["speed", "-elapsed", "-mr", "-seconds", Math.Max(1, (int)Math.Round(seconds)).ToString(CultureInfo.InvariantCulture),
                     "-bytes", size.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(arg);
        }

        if (decrypt)
        {
            start.ArgumentList.Add("-decrypt");
        }

        if (aead)
        {
            start.ArgumentList.Add("-aead");
        }

        start.ArgumentList.Add("-evp");
        start.ArgumentList.Add("aes-256-gcm");
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var stdoutTask = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderrTask = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var stdout = await stdoutTask;
            await stderrTask;
            return process.ExitCode == 0 ? Parse(stdout) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>"+F:&lt;n&gt;:AES-256-GCM:&lt;bytes per second&gt;" → MB/s (10^6 bytes).</summary>
    internal static double? Parse(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var parts = line.Trim().Split(':');
            if (parts.Length >= 4 && parts[0] == "+F"
                && double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var bytesPerSecond))
            {
                return bytesPerSecond / 1e6;
            }
        }

        return null;
    }
}
