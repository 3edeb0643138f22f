using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EmrShare.Core.Crypto.Gcm;

/// <summary>
/// AES-256-GCM through libcrypto 3's EVP interface: the key is set once, in one context that serves both
/// directions (GCM uses the same AES key schedule to seal and to open); each operation sets the direction and the
/// nonce, feeds the associated data and the text, and finishes with the tag. OpenSSL compares the tag in constant
/// time and clears the key schedule when the context is freed.
/// </summary>
internal sealed unsafe partial class OpenSslGcmCipher : GcmCipher
{
    public const string Name = "openssl-evp";
    private readonly EvpContext _context;

    public OpenSslGcmCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key", nameof(key));
        }

        _context = EvpContext.Create(key);
    }

    /// <summary>True where libcrypto 3 loads and has AES-256-GCM; checked once per process.</summary>
    public static bool IsAvailable => Probe.Value;

    private static readonly Lazy<bool> Probe = new(() =>
    {
        try
        {
            return OperatingSystem.IsLinux() && LibCrypto.EVP_aes_256_gcm() != 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    });

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckSizes(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        fixed (byte* output = ciphertext)
        fixed (byte* mac = tag)
        {
            var written = Transform(encrypt: true, nonce, plaintext, output, associatedData);
            Check(LibCrypto.EVP_CipherFinal_ex(_context.Handle, output + written, &written));
            Check(LibCrypto.EVP_CIPHER_CTX_ctrl(_context.Handle, LibCrypto.GcmGetTag, TagSize, mac));
        }
    }

    public override void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CheckSizes(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        fixed (byte* output = plaintext)
        fixed (byte* mac = tag)
        {
            var written = Transform(encrypt: false, nonce, ciphertext, output, associatedData);
            Check(LibCrypto.EVP_CIPHER_CTX_ctrl(_context.Handle, LibCrypto.GcmSetTag, TagSize, mac));
            if (LibCrypto.EVP_CipherFinal_ex(_context.Handle, output + written, &written) != 1)
            {
                CryptographicOperations.ZeroMemory(plaintext[..ciphertext.Length]);
                throw new AuthenticationTagMismatchException();
            }
        }
    }

    public override void Dispose() => _context.Dispose();

    /// <summary>Sets direction and nonce, feeds the associated data, then the text; returns the bytes written.</summary>
    private int Transform(bool encrypt, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, byte* output, ReadOnlySpan<byte> associatedData)
    {
        var ctx = _context.Handle;
        fixed (byte* iv = nonce)
        fixed (byte* text = input)
        fixed (byte* aad = associatedData)
        {
            int written;
            Check(LibCrypto.EVP_CipherInit_ex(ctx, 0, 0, null, iv, encrypt ? 1 : 0));
            if (associatedData.Length > 0)
            {
                Check(LibCrypto.EVP_CipherUpdate(ctx, null, &written, aad, associatedData.Length));
            }

            if (input.Length == 0)
            {
                return 0;
            }

            Check(LibCrypto.EVP_CipherUpdate(ctx, output, &written, text, input.Length));
            return written;
        }
    }

    private static void Check(int result)
    {
        if (result != 1)
        {
            throw new CryptographicException("OpenSSL AES-GCM operation failed");
        }
    }

    /// <summary>An EVP_CIPHER_CTX holding one key's schedule; freeing it cleanses the key.</summary>
    private sealed class EvpContext : SafeHandle
    {
        private EvpContext()
            : base(0, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == 0;

        public nint Handle => IsClosed ? throw new ObjectDisposedException(nameof(OpenSslGcmCipher)) : handle;

        public static EvpContext Create(ReadOnlySpan<byte> key)
        {
            var context = new EvpContext();
            context.SetHandle(LibCrypto.EVP_CIPHER_CTX_new());
            if (context.IsInvalid)
            {
                throw new CryptographicException("OpenSSL could not allocate a cipher context");
            }

            fixed (byte* k = key)
            {
                if (LibCrypto.EVP_CipherInit_ex(context.handle, LibCrypto.EVP_aes_256_gcm(), 0, k, null, 1) != 1)
                {
                    context.Dispose();
                    throw new CryptographicException("OpenSSL refused the AES-256-GCM key");
                }
            }

            return context;
        }

        protected override bool ReleaseHandle()
        {
            LibCrypto.EVP_CIPHER_CTX_free(handle);
            return true;
        }
    }

    private static partial class LibCrypto
    {
        private const string Library = "libcrypto.so.3";
        public const int GcmGetTag = 0x10; // EVP_CTRL_AEAD_GET_TAG
        public const int GcmSetTag = 0x11; // EVP_CTRL_AEAD_SET_TAG

        [LibraryImport(Library)]
        public static partial nint EVP_CIPHER_CTX_new();

        [LibraryImport(Library)]
        public static partial void EVP_CIPHER_CTX_free(nint ctx);

        [LibraryImport(Library)]
        public static partial nint EVP_aes_256_gcm();

        [LibraryImport(Library)]
        public static partial int EVP_CipherInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv, int encrypt);

        [LibraryImport(Library)]
        public static partial int EVP_CipherUpdate(nint ctx, byte* output, int* outputLength, byte* input, int inputLength);

        [LibraryImport(Library)]
        public static partial int EVP_CipherFinal_ex(nint ctx, byte* output, int* outputLength);

        [LibraryImport(Library)]
        public static partial int EVP_CIPHER_CTX_ctrl(nint ctx, int type, int arg, byte* ptr);
    }
}
