using System.Runtime.InteropServices;

namespace EmrShare.Ledger.Transactions;

/// <summary>
/// secp256k1 public-key recovery through the platform's OpenSSL libcrypto (present wherever .NET runs on
/// Linux): Q = r⁻¹(s·R − e·G), computed as one double-scalar multiplication u1·G + u2·R. It is several times
/// faster than the managed implementations. Only used when libcrypto loads; callers fall back otherwise.
/// </summary>
internal static partial class OpenSslRecovery
{
    private const string Lib = "libcrypto.so.3";
    private const int NidSecp256k1 = 714;
    private const int PointConversionUncompressed = 4;

    private static readonly Lazy<IntPtr> Group = new(CreateGroup);

    /// <summary>True when libcrypto with secp256k1 is available in this process.</summary>
    public static bool IsAvailable => Group.Value != IntPtr.Zero;

    /// <summary>Writes the 65-byte uncompressed public key; false when the signature does not recover.</summary>
    public static bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, int yParity, Span<byte> publicKey)
    {
        var group = Group.Value;
        if (group == IntPtr.Zero || publicKey.Length != 65)
        {
            return false;
        }

        var ctx = BN_CTX_new();
        var rBn = BN_new();
        var sBn = BN_new();
        var eBn = BN_new();
        var rInv = BN_new();
        var u1 = BN_new();
        var u2 = BN_new();
        var zero = BN_new();
        var point = EC_POINT_new(group);
        var result = EC_POINT_new(group);
        try
        {
            var order = EC_GROUP_get0_order(group);
            if (BN_bin2bn(r, r.Length, rBn) == IntPtr.Zero
                || BN_bin2bn(s, s.Length, sBn) == IntPtr.Zero
                || BN_bin2bn(hash, hash.Length, eBn) == IntPtr.Zero
                || EC_POINT_set_compressed_coordinates(group, point, rBn, yParity, ctx) != 1
                || BN_mod_inverse(rInv, rBn, order, ctx) == IntPtr.Zero
                || BN_mod_mul(u2, sBn, rInv, order, ctx) != 1
                || BN_mod_mul(u1, eBn, rInv, order, ctx) != 1
                || BN_mod_sub(u1, zero, u1, order, ctx) != 1
                || EC_POINT_mul(group, result, u1, point, u2, ctx) != 1
                || EC_POINT_is_at_infinity(group, result) == 1)
            {
                return false;
            }

            return EC_POINT_point2oct(group, result, PointConversionUncompressed, publicKey, (nuint)publicKey.Length, ctx) == 65;
        }
        finally
        {
            EC_POINT_free(result);
            EC_POINT_free(point);
            BN_free(zero);
            BN_free(u2);
            BN_free(u1);
            BN_free(rInv);
            BN_free(eBn);
            BN_free(sBn);
            BN_free(rBn);
            BN_CTX_free(ctx);
        }
    }

    private static IntPtr CreateGroup()
    {
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                return IntPtr.Zero;
            }

            var group = EC_GROUP_new_by_curve_name(NidSecp256k1);
            if (group != IntPtr.Zero)
            {
                // Precomputed multiples of G make the u1·G half of every recovery cheaper.
                EC_GROUP_precompute_mult(group, IntPtr.Zero);
            }

            return group;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return IntPtr.Zero;
        }
    }

    [LibraryImport(Lib)]
    private static partial IntPtr EC_GROUP_new_by_curve_name(int nid);

    [LibraryImport(Lib)]
    private static partial int EC_GROUP_precompute_mult(IntPtr group, IntPtr ctx);

    [LibraryImport(Lib)]
    private static partial IntPtr EC_GROUP_get0_order(IntPtr group);

    [LibraryImport(Lib)]
    private static partial IntPtr EC_POINT_new(IntPtr group);

    [LibraryImport(Lib)]
    private static partial void EC_POINT_free(IntPtr point);

    [LibraryImport(Lib)]
    private static partial int EC_POINT_set_compressed_coordinates(IntPtr group, IntPtr point, IntPtr x, int yBit, IntPtr ctx);

    [LibraryImport(Lib)]
    private static partial int EC_POINT_mul(IntPtr group, IntPtr result, IntPtr gScalar, IntPtr point, IntPtr pointScalar, IntPtr ctx);

    [LibraryImport(Lib)]
    private static partial int EC_POINT_is_at_infinity(IntPtr group, IntPtr point);

    [LibraryImport(Lib)]
    private static partial nuint EC_POINT_point2oct(IntPtr group, IntPtr point, int form, Span<byte> buffer, nuint length, IntPtr ctx);

    [LibraryImport(Lib)]
    private static partial IntPtr BN_CTX_new();

    [LibraryImport(Lib)]
    private static partial void BN_CTX_free(IntPtr ctx);

    [LibraryImport(Lib)]
    private static partial IntPtr BN_new();

    [LibraryImport(Lib)]
    private static partial void BN_free(IntPtr bn);

    [LibraryImport(Lib)]
    private static partial IntPtr BN_bin2bn(ReadOnlySpan<byte> bytes, int length, IntPtr result);

    [LibraryImport(Lib)]
    private static partial IntPtr BN_mod_inverse(IntPtr result, IntPtr a, IntPtr n, IntPtr ctx);

    [LibraryImport(Lib)]
    private static partial int BN_mod_mul(IntPtr result, IntPtr a, IntPtr b, IntPtr m, IntPtr ctx);

    [LibraryImport(Lib)]
    private static partial int BN_mod_sub(IntPtr result, IntPtr a, IntPtr b, IntPtr m, IntPtr ctx);
}
