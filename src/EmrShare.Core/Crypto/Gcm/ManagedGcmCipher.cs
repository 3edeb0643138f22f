using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace EmrShare.Core.Crypto.Gcm;

/// <summary>
/// AES-256-GCM in managed code (BouncyCastle's GCM mode over its AES engine), for the browser: .NET's
/// <see cref="AesGcm"/> throws PlatformNotSupportedException on browser-wasm and WebCrypto is asynchronous only,
/// which the synchronous envelope code cannot await. Chosen only where <see cref="OperatingSystem.IsBrowser"/>;
/// servers keep the OpenSSL path. BouncyCastle checks the tag in constant time; its AES engine uses lookup
/// tables (not constant-time), the accepted cost of running on a phone's own data in its own browser
/// (docs/wallet.md).
/// </summary>
internal sealed class ManagedGcmCipher : GcmCipher
{
    public const string Name = "managed-bouncycastle";
    private readonly KeyParameter _key;

    public ManagedGcmCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key", nameof(key));
        }

        _key = new KeyParameter(key);
    }

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckSizes(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        var gcm = Init(encrypt: true, nonce, associatedData);
        var output = new byte[plaintext.Length + TagSize];
        try
        {
            var written = gcm.ProcessBytes(plaintext, output);
            gcm.DoFinal(output.AsSpan(written));
            output.AsSpan(0, plaintext.Length).CopyTo(ciphertext);
            output.AsSpan(plaintext.Length, TagSize).CopyTo(tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }

    public override void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CheckSizes(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        var gcm = Init(encrypt: false, nonce, associatedData);
        byte[] input = [.. ciphertext, .. tag];
        var output = new byte[ciphertext.Length];
        try
        {
            var written = gcm.ProcessBytes(input, output);
            gcm.DoFinal(output.AsSpan(written));
            output.CopyTo(plaintext);
        }
        catch (InvalidCipherTextException ex)
        {
            CryptographicOperations.ZeroMemory(plaintext[..ciphertext.Length]);
            throw new AuthenticationTagMismatchException("AES-GCM tag mismatch", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }

    public override void Dispose()
    {
        // KeyParameter keeps its own copy of the key; nothing else outlives an operation.
    }

    /// <summary>
    /// A GCM instance per operation: BouncyCastle re-derives the key schedule on every Init anyway, and a fresh
    /// instance keeps the contract of the other implementations (any nonce, either direction, in any order).
    /// </summary>
    private GcmBlockCipher Init(bool encrypt, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData)
    {
        var gcm = new GcmBlockCipher(AesUtilities.CreateEngine());
        gcm.Init(encrypt, new AeadParameters(_key, TagSize * 8, nonce.ToArray(), associatedData.ToArray()));
        return gcm;
    }
}
