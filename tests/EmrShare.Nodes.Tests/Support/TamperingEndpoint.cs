using EmrShare.Core.Handshake;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>A dishonest custodian: forwards to the real endpoint but alters what the grantee collects.</summary>
internal sealed class TamperingEndpoint(IHospitalEndpoint inner, Func<FulfilmentDelivery, FulfilmentDelivery> tamper) : IHospitalEndpoint
{
    /// <summary>Alters the fulfilment inside a delivery (refusals and pending answers pass unchanged).</summary>
    public TamperingEndpoint(IHospitalEndpoint inner, Func<Fulfilment, Fulfilment> tamper)
        : this(inner, d => d.Fulfilment is { } f ? d with { Fulfilment = tamper(f) } : d)
    {
    }

    public Task<HandshakeResponse> BeginVisitAsync(HandshakeInit init, CancellationToken cancellationToken) => inner.BeginVisitAsync(init, cancellationToken);

    public Task<SealedMessage> FinishVisitAsync(FinishVisitRequest request, CancellationToken cancellationToken) => inner.FinishVisitAsync(request, cancellationToken);

    public Task<SealedMessage> PullDeliveriesAsync(SealedMessage request, CancellationToken cancellationToken) => inner.PullDeliveriesAsync(request, cancellationToken);

    public Task<SealedMessage> SubmitGrantAsync(SealedMessage request, CancellationToken cancellationToken) => inner.SubmitGrantAsync(request, cancellationToken);

    public async Task<FulfilmentDelivery> CollectFulfilmentAsync(CollectRequest request, CancellationToken cancellationToken) =>
        tamper(await inner.CollectFulfilmentAsync(request, cancellationToken));
}
