using System.Net;
using System.Net.Sockets;

namespace EmrShare.TestSupport;

/// <summary>Picks an unused loopback TCP port (tests only ever listen on 127.0.0.1).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
