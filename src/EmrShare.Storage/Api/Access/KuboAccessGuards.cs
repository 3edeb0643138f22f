using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Storage.Api.Access;

/// <summary>
/// Who may call which surface. Every refusal is a Kubo-shaped error (<see cref="KuboApiError"/>) with a 4xx status,
/// decided before any handler reads a byte of the body or the store.
/// </summary>
internal static class KuboAccessGuards
{
    /// <summary>Peer reads carry no body; a little slack for clients that send an empty multipart.</summary>
    public const long MaxPeerBodyBytes = 1024;

    /// <summary>A browser page never talks to a store: an Origin header means cross-site (CSRF, DNS rebinding).</summary>
    public static KuboRefusal? RefuseBrowser(HttpRequest request) =>
        request.Headers.Origin.Count > 0
            ? new KuboRefusal(StatusCodes.Status403Forbidden, "requests from a browser page (Origin header) are refused")
            : null;

    public static KuboRefusal? RefuseNonAdmin(HttpContext ctx, KuboAdminApiOptions options)
    {
        if (ctx.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return new KuboRefusal(StatusCodes.Status403Forbidden, "the admin API is only served to the local node");
        }

        if (!IsLoopbackHost(ctx.Request.Host.Host))
        {
            return new KuboRefusal(StatusCodes.Status403Forbidden, "the admin API must be addressed by a loopback host name");
        }

        if (options.AdminToken is { } expected && !TokenMatches(ctx.Request.Headers.Authorization.ToString(), expected))
        {
            return new KuboRefusal(StatusCodes.Status401Unauthorized, "the admin API requires the store's admin token");
        }

        return null;
    }

    /// <summary>Checks the signed-read headers; returns the refusal or the admitted peer.</summary>
    public static async Task<(KuboRefusal? Refusal, PeerPrincipal? Peer)> AuthorizePeerAsync(
        HttpContext ctx, IPeerAuthorizer authorizer, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = ctx.Request;
        if (request.ContentLength > MaxPeerBodyBytes)
        {
            return (new KuboRefusal(StatusCodes.Status413PayloadTooLarge, "peer requests carry no body"), null);
        }

        var account = request.Headers[PeerRequestSignature.AccountHeader].ToString();
        var signature = request.Headers[PeerRequestSignature.SignatureHeader].ToString();
        if (account.Length == 0 || signature.Length == 0
            || !long.TryParse(request.Headers[PeerRequestSignature.TimestampHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return (new KuboRefusal(StatusCodes.Status401Unauthorized, "peer reads must be signed by a registered hospital or patient"), null);
        }

        var skew = Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds);
        if (skew > PeerRequestSignature.MaxClockSkew.TotalSeconds)
        {
            return (new KuboRefusal(StatusCodes.Status401Unauthorized, "the signed timestamp is too far from the store's clock"), null);
        }

        var payload = PeerRequestSignature.Payload(request.Host.Value ?? string.Empty, request.Method, request.Path + request.QueryString, seconds);
        var peer = await authorizer.AuthorizeAsync(new SignedPeerRequest(account, seconds, signature, payload), cancellationToken).ConfigureAwait(false);
        return peer is null
            ? (new KuboRefusal(StatusCodes.Status403Forbidden, "the signer is not a registered hospital or patient"), null)
            : (null, peer);
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool TokenMatches(string authorization, string expected)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..]));
        return CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}

/// <summary>A refused request: HTTP status and the Kubo error message.</summary>
internal sealed record KuboRefusal(int Status, string Message);
