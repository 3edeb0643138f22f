using System.Net.Http.Json;
using EmrShare.Core.Errors;
using EmrShare.Core.Handshake;

namespace EmrShare.Nodes.Transport;

/// <summary>A refusal reported by a remote hospital; <see cref="ErrorName"/> is the exception type it raised.</summary>
[ErrorKind(ErrorKind.UpstreamFailed)]
public sealed class PeerRefusedException : NodeException
{
    public PeerRefusedException()
    {
    }

    public PeerRefusedException(string message)
        : base(message)
    {
    }

    public PeerRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PeerRefusedException(string errorName, string message, int status)
        : base($"{errorName} ({status}): {message}")
    {
        ErrorName = errorName;
        Status = status;
    }

    public PeerRefusedException(string errorName, string message, int status, string? peerCode)
        : this(errorName, message, status)
    {
        PeerCode = peerCode;
    }

    public string ErrorName { get; } = string.Empty;

    public int Status { get; }

    /// <summary>The peer protocol's code for the refusal (<see cref="ErrorTable"/>), when the peer sent one.</summary>
    public string? PeerCode { get; }

    /// <summary>
    /// The remote hospital's kind (its peer code, else its status) as it reads here (<see cref="RemoteErrorKinds"/>):
    /// its fault, usage error, cancellation or credential refusal is an upstream failure, never ours; so is a bare refusal.
    /// </summary>
    public override ErrorKind Kind => RemoteErrorKinds.FromRemote(PeerCode, Status);
}

/// <summary>
/// <see cref="IHospitalEndpoint"/> over HTTP (see <see cref="PeerEndpoints"/>). A refusal comes back as the
/// same node exception type where one exists (<see cref="AccessDeniedException"/>, ...), else as
/// <see cref="PeerRefusedException"/> naming the remote type.
/// </summary>
public sealed class HttpHospitalEndpoint(HttpClient http, Uri baseAddress) : IHospitalEndpoint
{
    public Task<HandshakeResponse> BeginVisitAsync(HandshakeInit init, CancellationToken cancellationToken) =>
        PostAsync<HandshakeInit, HandshakeResponse>(PeerRoutes.VisitBegin, init, cancellationToken);

    public Task<SealedMessage> FinishVisitAsync(FinishVisitRequest request, CancellationToken cancellationToken) =>
        PostAsync<FinishVisitRequest, SealedMessage>(PeerRoutes.VisitFinish, request, cancellationToken);

    public Task<SealedMessage> PullDeliveriesAsync(SealedMessage request, CancellationToken cancellationToken) =>
        PostAsync<SealedMessage, SealedMessage>(PeerRoutes.VisitDeliveries, request, cancellationToken);

    public Task<SealedMessage> SubmitGrantAsync(SealedMessage request, CancellationToken cancellationToken) =>
        PostAsync<SealedMessage, SealedMessage>(PeerRoutes.VisitGrant, request, cancellationToken);

    public Task<SealedMessage> DeskCheckInStatusAsync(SealedMessage request, CancellationToken cancellationToken) =>
        PostAsync<SealedMessage, SealedMessage>(PeerRoutes.VisitStatus, request, cancellationToken);

    public Task<FulfilmentDelivery> CollectFulfilmentAsync(CollectRequest request, CancellationToken cancellationToken) =>
        PostAsync<CollectRequest, FulfilmentDelivery>(PeerRoutes.FulfilmentCollect, request, cancellationToken);

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string route, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync(new Uri(baseAddress, route), request, NodeJson.Options, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return NodeJson.FromUtf8<TResponse>(body);
        }

        var error = NodeJson.FromUtf8<PeerError>(body);
        var message = $"{baseAddress.Authority}: {error.Message}";
        throw error.Error switch
        {
            nameof(AccessDeniedException) => new AccessDeniedException(message),
            nameof(UnknownEntityException) => new UnknownEntityException(message),
            nameof(NotRegisteredException) => new NotRegisteredException(message),
            nameof(Hospital.DeskChallengeRequiredException) => new Hospital.DeskChallengeRequiredException(message),
            nameof(RecordVerificationException) => new RecordVerificationException(message),
            nameof(RecordErasedException) => new RecordErasedException(message),
            _ => new PeerRefusedException(error.Error, error.Message, (int)response.StatusCode, error.Code),
        };
    }
}
