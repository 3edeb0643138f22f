using System.Collections.Concurrent;
using EmrShare.Core.Handshake;
using EmrShare.Nodes.Transport;

namespace EmrShare.Adversarial.Tests.Support;

/// <summary>
/// A network attacker on the hospital-to-hospital path: forwards everything unchanged but keeps a copy of every
/// collect request and every delivery (what it can replay or try to decrypt later).
/// </summary>
internal sealed class InterceptingEndpoint(IHospitalEndpoint inner) : IHospitalEndpoint
{
    public ConcurrentQueue<CollectRequest> Requests { get; } = new();

    public ConcurrentQueue<FulfilmentDelivery> Deliveries { get; } = new();

    public Task<HandshakeResponse> BeginVisitAsync(HandshakeInit init, CancellationToken cancellationToken) => inner.BeginVisitAsync(init, cancellationToken);

    public Task<SealedMessage> FinishVisitAsync(FinishVisitRequest request, CancellationToken cancellationToken) => inner.FinishVisitAsync(request, cancellationToken);

    public Task<SealedMessage> PullDeliveriesAsync(SealedMessage request, CancellationToken cancellationToken) => inner.PullDeliveriesAsync(request, cancellationToken);

    public Task<SealedMessage> SubmitGrantAsync(SealedMessage request, CancellationToken cancellationToken) => inner.SubmitGrantAsync(request, cancellationToken);

    public async Task<FulfilmentDelivery> CollectFulfilmentAsync(CollectRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(NodeJson.RoundTrip(request));
        var delivery = await inner.CollectFulfilmentAsync(request, cancellationToken);
        Deliveries.Enqueue(NodeJson.RoundTrip(delivery));
        return delivery;
    }
}
