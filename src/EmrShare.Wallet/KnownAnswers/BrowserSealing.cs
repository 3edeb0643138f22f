using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using Microsoft.JSInterop;

namespace EmrShare.Wallet.KnownAnswers;

/// <summary>
/// The other direction of the known answers: the browser seals a record and wraps its key (fresh nonces and
/// ephemeral key, so no fixed answer exists) and the test opens both with Core on the server runtime. Public
/// test inputs only; no state, no vault, no network.
/// </summary>
public static class BrowserSealing
{
    [JSInvokable("SealForCore")]
    public static string SealForCore(string dataKeyHex, string recordIdHex, uint version, string contentType, string plaintextHex, string readerPublicKeyHex)
    {
        var recordId = RecordId.Parse(recordIdHex);
        using var key = DataKey.FromBytes(Convert.FromHexString(dataKeyHex));
        var envelope = RecordCipher.Encrypt(Convert.FromHexString(plaintextHex), new RecordBinding(recordId, version, contentType), key);
        var wrapped = KeyWrapper.Wrap(key, Convert.FromHexString(readerPublicKeyHex), recordId, version);
        return JsonSerializer.Serialize(new { envelope = Convert.ToHexStringLower(envelope), wrapped = wrapped.ToString() });
    }
}
