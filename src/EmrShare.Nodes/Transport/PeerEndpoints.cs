using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Errors;
using EmrShare.Core.Handshake;
using EmrShare.Nodes.Hospital;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EmrShare.Nodes.Transport;

/// <summary>
/// The hospital peer protocol as Kestrel routes (<see cref="PeerRoutes"/>): five JSON POSTs, one per
/// <see cref="IHospitalEndpoint"/> call. Each body is checked at the edge (<see cref="NodeJson.FromUtf8{T}"/>:
/// well-formed, every required field present, ids well-formed) so bad input is a 400, never a 500. Refusals map to
/// 4xx with <c>{"error": type, "message": text}</c> so the client raises the same typed exception; messages never
/// contain keys or PHI.
/// </summary>
public static class PeerEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapPeerProtocol(this IEndpointRouteBuilder app, HospitalService hospital)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(hospital);
        Map<HandshakeInit, HandshakeResponse>(app, PeerRoutes.VisitBegin, hospital.BeginVisitAsync);
        Map<FinishVisitRequest, SealedMessage>(app, PeerRoutes.VisitFinish, hospital.FinishVisitAsync);
        Map<SealedMessage, SealedMessage>(app, PeerRoutes.VisitDeliveries, hospital.PullDeliveriesAsync);
        Map<SealedMessage, SealedMessage>(app, PeerRoutes.VisitGrant, hospital.SubmitGrantAsync);
        Map<CollectRequest, FulfilmentDelivery>(app, PeerRoutes.FulfilmentCollect, hospital.CollectFulfilmentAsync);
        Map<SealedMessage, SealedMessage>(app, PeerRoutes.VisitEnvelope, hospital.ReadEnvelopeAsync);
        Map<SealedMessage, SealedMessage>(app, PeerRoutes.VisitStatus, hospital.DeskCheckInStatusAsync);
        return app;
    }

    /// <summary>The peer protocol's status for a failure: the error model's table (<see cref="ErrorTable"/>), read once here.</summary>
    public static int StatusOf(Exception ex) => ErrorTable.For(ErrorTable.KindOf(ex)).HttpStatus;

    /// <summary>
    /// The error body a peer gets: the type name, the kind's peer code, and the message for refusals of the node, format
    /// and security layers (written never to carry keys or PHI); any other failure says only its kind's title.
    /// </summary>
    public static PeerError ErrorOf(Exception ex)
    {
        var report = ErrorTable.For(ErrorTable.KindOf(ex));
        var speaks = report.HttpStatus < 500 && ex is NodeException or EmrShareSecurityException or Fhir.EmrFormatException;
        return new PeerError(ex.GetType().Name, speaks ? ex.Message : report.HttpStatus >= 500 ? "internal error" : report.Title, report.PeerCode);
    }

    private static void Map<TRequest, TResponse>(IEndpointRouteBuilder app, string route, Func<TRequest, CancellationToken, Task<TResponse>> handle) =>
        app.MapPost("/" + route, async (HttpContext context) =>
        {
            byte[] result;
            int status;
            try
            {
                var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
                result = NodeJson.ToUtf8(await handle(NodeJson.FromUtf8<TRequest>(body), context.RequestAborted).ConfigureAwait(false));
                status = StatusCodes.Status200OK;
            }
#pragma warning disable CA1031 // the protocol boundary: every failure becomes a status and a typed error body
            catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
#pragma warning restore CA1031
            {
                status = StatusOf(ex);
                result = JsonSerializer.SerializeToUtf8Bytes(ErrorOf(ex), NodeJson.Options);
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(result, context.RequestAborted).ConfigureAwait(false);
        }).ExcludeFromDescription();

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new NodeException("request body too large");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new NodeException("request body too large");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>The JSON error body of a refused hospital request; <see cref="Code"/> is the error model's peer code (absent from older peers).</summary>
public sealed record PeerError(string Error, string Message, string? Code = null);
