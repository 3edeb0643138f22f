using System.Security.Cryptography;

namespace EmrShare.Core.Crypto.Gcm;

/// <summary>
/// AES-256-GCM with a 12-byte nonce and a 16-byte tag, keyed once. Two implementations behave identically
/// (pinned by the known-answer and cross-check tests): OpenSSL's EVP interface called directly where libcrypto 3
/// loads, .NET's <see cref="AesGcm"/> elsewhere (Windows, macOS), and managed BouncyCastle GCM in the browser
/// (browser-wasm has no AesGcm; <see cref="ManagedGcmCipher"/>). The direct path keeps one
/// cipher context per key and only resets the nonce per operation, which is what makes small records cheap:
/// .NET's own AesGcm costs about twice as much per 1 KiB record on Linux (docs/benchmarks.md).
/// Not thread-safe: <see cref="DataKey"/> rents instances to one caller at a time.
/// </summary>
internal abstract class GcmCipher : IDisposable
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>The implementation <see cref="Create"/> picks on this machine ("openssl-evp", "dotnet-aesgcm" or "managed-bouncycastle").</summary>
    public static string Implementation =>
        OperatingSystem.IsBrowser() ? ManagedGcmCipher.Name
        : OpenSslGcmCipher.IsAvailable ? OpenSslGcmCipher.Name
        : DotNetGcmCipher.Name;

    public static GcmCipher Create(ReadOnlySpan<byte> key) =>
        OperatingSystem.IsBrowser() ? new ManagedGcmCipher(key)
        : OpenSslGcmCipher.IsAvailable ? new OpenSslGcmCipher(key)
        : new DotNetGcmCipher(key);

    public abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    /// <summary>Opens a ciphertext; a wrong tag → <see cref="AuthenticationTagMismatchException"/> with the output cleared.</summary>
    public abstract void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);

    public abstract void Dispose();

    protected static void CheckSizes(ReadOnlySpan<byte> nonce, int input, int output, int tag)
    {
        if (nonce.Length != NonceSize || tag != TagSize || output < input)
        {
            throw new ArgumentException("AES-GCM needs a 12-byte nonce, a 16-byte tag and an output as long as the input");
        }
    }
}
