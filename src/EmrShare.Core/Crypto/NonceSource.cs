using System.Security.Cryptography;

namespace EmrShare.Core.Crypto;

/// <summary>
/// Random nonces without a system call per nonce: each thread draws 4 KiB from the OS CSPRNG at a time and hands
/// out fresh slices, wiping each slice as it is used, so no byte is ever handed out twice. A 12-byte
/// <see cref="RandomNumberGenerator.GetBytes(int)"/> costs about as much as sealing a whole 1 KiB record.
/// </summary>
internal static class NonceSource
{
    private const int PoolSize = 4096;

    [ThreadStatic]
    private static byte[]? t_pool;

    [ThreadStatic]
    private static int t_used;

    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > PoolSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var pool = t_pool ??= new byte[PoolSize];
        if (t_used == 0 || t_used + destination.Length > PoolSize)
        {
            RandomNumberGenerator.Fill(pool);
            t_used = 0;
        }

        var slice = pool.AsSpan(t_used, destination.Length);
        slice.CopyTo(destination);
        slice.Clear();
        t_used += destination.Length;
        if (t_used == PoolSize)
        {
            t_used = 0;
        }
    }

    public static byte[] Next(int length)
    {
        var bytes = new byte[length];
        Fill(bytes);
        return bytes;
    }
}
