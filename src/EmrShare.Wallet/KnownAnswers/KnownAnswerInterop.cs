using System.Text.Json;
using Microsoft.JSInterop;

namespace EmrShare.Wallet.KnownAnswers;

/// <summary>
/// Lets a test harness run the shared known-answer vectors inside the wallet's own runtime (browser-wasm):
/// <c>DotNet.invokeMethodAsync('EmrShare.Wallet', 'RunKnownAnswers', vectorsJson)</c>. It computes with public
/// inputs only, holds no state and touches neither the vault nor the network.
/// </summary>
public static class KnownAnswerInterop
{
    [JSInvokable("RunKnownAnswers")]
    public static string RunKnownAnswers(string vectorsJson)
    {
        var results = KnownAnswerRunner.Run(vectorsJson);
        return JsonSerializer.Serialize(new
        {
            runtime = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
            browser = OperatingSystem.IsBrowser(),
            results = results.Select(r => new { name = r.Name, expected = r.Expected, actual = r.Actual }),
        });
    }
}
