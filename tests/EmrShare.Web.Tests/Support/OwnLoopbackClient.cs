using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace EmrShare.Web.Tests.Support;

/// <summary>
/// An anonymous client that connects from its own loopback source address (127.0.0.2–254, picked at random), so the
/// relay's per-address limit counts its requests apart from the other tests that share the Center host.
/// </summary>
internal static class OwnLoopbackClient
{
    public static HttpClient Create(Uri baseAddress)
    {
        var source = new IPAddress([127, 0, 0, (byte)RandomNumberGenerator.GetInt32(2, 255)]);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }
}
