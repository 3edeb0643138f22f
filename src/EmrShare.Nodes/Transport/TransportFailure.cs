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
        if (IsIdentityRefusal(exception))
        {
            return false;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or IOException or RpcClientTimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A peer that answered with the wrong TLS identity (pin or CA) is reachable: it is refused, never retried as if
    /// it were down, so a share fails at once with <see cref="PeerIdentityException"/>.
    /// </summary>
    private static bool IsIdentityRefusal(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PeerIdentityException or System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
