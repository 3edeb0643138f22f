using System.Net.Sockets;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Nodes.Transport;

/// <summary>
/// Whether a failure is about reaching a node at all (connection refused or reset, reply cut off, transport
/// timeout) rather than about what it answered. One rule for the chain's JSON-RPC node and for peer hospitals.
/// </summary>
internal static class TransportFailure
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or IOException or RpcClientTimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
