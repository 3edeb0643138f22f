using System.Security.Cryptography;
using EmrShare.Core.Crypto.Gcm;

namespace EmrShare.Core.Crypto;

/// <summary>
/// A 256-bit data-encryption key (DEK). One per record version — never reused — so nonce collisions across
/// versions are impossible and revocation can rotate keys. Disposing zeroes the key bytes.
/// </summary>
public sealed class DataKey : IDisposable
{
    public const int Size = 32;
    private readonly byte[] _key;
    private bool _disposed;
    private byte[]? _keyCheck;
    private GcmCipher? _cipher; // one cached key schedule; not thread-safe, so it is rented, not shared

    private DataKey(byte[] key) => _key = key;

    public static DataKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    public static DataKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != Size)
        {
            throw new EnvelopeFormatException($"a data key is {Size} bytes, got {key.Length}");
        }

        return new DataKey(key.ToArray());
    }

    /// <summary>A copy of the key bytes (for wrapping); the caller should clear it after use.</summary>
    public byte[] ToArray()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_key.Clone();
    }

    /// <summary>
    /// Key check value stored in envelope headers: a PRF of the key, so a wrong key is reported as such instead
    /// of as tampering. It reveals nothing usable about a random 256-bit key. Computed once per key.
    /// </summary>
    internal byte[] KeyCheck => _keyCheck ??= HMACSHA256.HashData(Span, "EmrShare key check v1"u8)[..16];

    internal ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    /// <summary>
    /// An AES-256-GCM cipher keyed with this key. Building one (context + key schedule) costs more than sealing a
    /// small record, so the last one returned is kept for the next caller; concurrent callers get their own.
    /// </summary>
    internal GcmCipher RentCipher()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Interlocked.Exchange(ref _cipher, null) ?? GcmCipher.Create(_key);
    }

    internal void ReturnCipher(GcmCipher cipher)
    {
        if (Interlocked.CompareExchange(ref _cipher, cipher, null) is not null)
        {
            cipher.Dispose();
        }
        else if (_disposed)
        {
            Interlocked.Exchange(ref _cipher, null)?.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _cipher, null)?.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
