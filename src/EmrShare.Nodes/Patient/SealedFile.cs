using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.IO;

namespace EmrShare.Nodes.Patient;

/// <summary>
/// The wallet's files at rest: nonce(12) ‖ AES-256-GCM ciphertext ‖ tag(16), bound to what the file is by its
/// associated data, written atomically (temp file + rename) so a crash leaves the old or the new file, never half.
/// </summary>
internal static class SealedFile
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>Encrypts and writes; returns the exact bytes written (the index anchors their keccak256).</summary>
    public static async Task<byte[]> WriteAsync(string path, byte[] plain, byte[] key, byte[] associatedData, CancellationToken cancellationToken)
    {
        var file = new byte[NonceBytes + plain.Length + TagBytes];
        RandomNumberGenerator.Fill(file.AsSpan(0, NonceBytes));
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(file.AsSpan(0, NonceBytes), plain, file.AsSpan(NonceBytes, plain.Length), file.AsSpan(NonceBytes + plain.Length), associatedData);
        }

        await PrivateFiles.WriteAllBytesAsync(path, file, cancellationToken).ConfigureAwait(false);
        return file;
    }

    /// <summary>Reads and decrypts; null when the file does not exist; a modified file or wrong key → <see cref="RecordTamperedException"/>.</summary>
    public static async Task<byte[]?> ReadAsync(string path, byte[] key, byte[] associatedData, string what, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var file = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (file.Length < NonceBytes + TagBytes)
        {
            throw new RecordTamperedException($"the {what} file is truncated");
        }

        var plain = new byte[file.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(file.AsSpan(0, NonceBytes), file.AsSpan(NonceBytes, plain.Length), file.AsSpan(NonceBytes + plain.Length), plain, associatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new RecordTamperedException($"the {what} file failed authentication", ex);
        }

        return plain;
    }
}
