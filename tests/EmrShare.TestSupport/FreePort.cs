using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EmrShare.TestSupport;

/// <summary>
/// Picks an unused loopback TCP port (tests only ever listen on 127.0.0.1) for a server that binds it LATER — often a
/// child process, after the port went into a peers file or a command line. The port comes from below the kernel's
/// ephemeral range: ports the kernel assigns by itself (a bind to port 0, the local end of every outgoing connection
/// the parallel tests open) come from inside that range and could take a port picked there before its server binds
/// it ("address already in use"). Each port is handed out once per process.
/// </summary>
public static class FreePort
{
    private const int Span = 12_000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Given = [];
    private static readonly int EphemeralLow = ReadEphemeralLow();

    public static int Next()
    {
        lock (Gate)
        {
            var low = Math.Max(1024, EphemeralLow - Span);
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(low, EphemeralLow);
                if (!Given.Contains(port) && CanBind(port))
                {
                    Given.Add(port);
                    return port;
                }
            }

            throw new InvalidOperationException($"no free loopback port below the ephemeral range ({low}–{EphemeralLow - 1})");
        }
    }

    /// <summary>
    /// The first of <paramref name="count"/> consecutive unused ports (for a command that binds PORT, PORT+1, …),
    /// every one of them checked and handed out only here.
    /// </summary>
    public static int NextBlock(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (Gate)
        {
            var low = Math.Max(1024, EphemeralLow - Span);
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var first = Random.Shared.Next(low, EphemeralLow - count);
                var block = Enumerable.Range(first, count).ToList();
                if (block.All(port => !Given.Contains(port) && CanBind(port)))
                {
                    Given.UnionWith(block);
                    return first;
                }
            }

            throw new InvalidOperationException($"no {count} consecutive free loopback ports below the ephemeral range ({low}–{EphemeralLow - 1})");
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux: ip_local_port_range; elsewhere the IANA 49152).</summary>
    private static int ReadEphemeralLow()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range)
            && File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
            && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && low > 1024 + 1_000)
        {
            return low;
        }

        return 49152;
    }
}
