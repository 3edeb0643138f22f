using System.Security.Cryptography;

namespace EmrShare.Core.Crypto.Gcm;

/// <summary>The portable path: .NET's <see cref="AesGcm"/>.</summary>
internal sealed class DotNetGcmCipher(ReadOnlySpan<byte> key) : GcmCipher
{
    public const string Name = "dotnet-aesgcm";
    private readonly AesGcm _aes = new(key, TagSize);

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData) =>
        _aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

    public override void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData) =>
        _aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);

    public override void Dispose() => _aes.Dispose();
}
