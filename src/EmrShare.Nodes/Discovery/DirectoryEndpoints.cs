using System.Text.Json;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace EmrShare.Nodes.Discovery;

/// <summary>
/// The Center's directory routes: <c>GET v1/directory</c> (the Center-signed directory, public: it holds only
/// hospital addresses, URLs and key pins) and <c>POST v1/directory/endpoints</c> (a hospital-signed
/// <see cref="EndpointUpdate"/>; the signature is the authentication). Refusals are 4xx with a typed error body.
/// </summary>
public static class DirectoryEndpoints
{
    public const string DirectoryRoute = "v1/directory";
    public const string UpdateRoute = "v1/directory/endpoints";
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapPeerDirectory(this IEndpointRouteBuilder app, PeerDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(directory);
        // (HttpContext, CancellationToken), not (HttpContext) alone: a lambda of HttpContext alone binds as a
        // RequestDelegate and its IResult would be dropped, leaving an empty 200.
        app.MapGet("/" + DirectoryRoute, async (HttpContext context, CancellationToken cancellationToken) =>
            Results.Bytes(NodeJson.ToUtf8(await directory.SnapshotAsync(cancellationToken).ConfigureAwait(false)), "application/json"));
        app.MapPost("/" + UpdateRoute, async (HttpContext context, CancellationToken cancellationToken) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }

            try
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                var update = NodeJson.FromUtf8<SignedTypedData<EndpointUpdate>>(buffer.ToArray());
                return Results.Bytes(NodeJson.ToUtf8(await directory.ApplyAsync(update, cancellationToken).ConfigureAwait(false)), "application/json");
            }
            catch (Exception ex) when (ex is NodeException or Core.EmrShareSecurityException or BadHttpRequestException or JsonException)
            {
                var status = ex is BadHttpRequestException or JsonException ? StatusCodes.Status400BadRequest : PeerEndpoints.StatusOf(ex);
                return Results.Json(new PeerError(ex.GetType().Name, ex.Message), NodeJson.Options, statusCode: status);
            }
        }).ExcludeFromDescription();
        return app;
    }
}
