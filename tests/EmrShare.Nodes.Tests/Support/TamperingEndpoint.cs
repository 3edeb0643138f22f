using EmrShare.Core.Handshake;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>A dishonest custodian: forwards to the real endpoint but alters the fulfilment it returns.</summary>
internal sealed class TamperingEndpoint(IHospitalEndpoint inner, Func<Fulfilment, Fulfilment> tamper) : IHospitalEndpoint
{
    public Task<HandshakeResponse> BeginVisitAsync(HandshakeInit init, CancellationToken cancellationToken) => inner.BeginVisitAsync(init, cancellationToken);

    public Task<SealedMessage> FinishVisitAsync(FinishVisitRequest request, CancellationToken cancellationToken) => inner.FinishVisitAsync(request, cancellationToken);

    public Task<SealedMessage> PullDeliveriesAsync(SealedMessage request, CancellationToken cancellationToken) => inner.PullDeliveriesAsync(request, cancellationToken);

    public Task<SealedMessage> SubmitGrantAsync(SealedMessage request, CancellationToken cancellationToken) => inner.SubmitGrantAsync(request, cancellationToken);

    public async Task<Fulfilment> FulfilAsync(FulfilmentRequest request, CancellationToken cancellationToken) =>
        tamper(await inner.FulfilAsync(request, cancellationToken));
}
