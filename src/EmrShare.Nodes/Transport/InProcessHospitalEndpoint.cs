using EmrShare.Core.Handshake;
using EmrShare.Nodes.Hospital;

namespace EmrShare.Nodes.Transport;

/// <summary>
/// Calls a <see cref="HospitalService"/> in the same process but sends every request and response through
/// JSON, so nothing but the serialised DTO crosses between actors (the same bytes an HTTP transport carries).
/// </summary>
public sealed class InProcessHospitalEndpoint(HospitalService hospital) : IHospitalEndpoint
{
    public async Task<HandshakeResponse> BeginVisitAsync(HandshakeInit init, CancellationToken cancellationToken) =>
        NodeJson.RoundTrip(await hospital.BeginVisitAsync(NodeJson.RoundTrip(init), cancellationToken).ConfigureAwait(false));

    public async Task<SealedMessage> FinishVisitAsync(FinishVisitRequest request, CancellationToken cancellationToken) =>
        NodeJson.RoundTrip(await hospital.FinishVisitAsync(NodeJson.RoundTrip(request), cancellationToken).ConfigureAwait(false));

    public async Task<SealedMessage> PullDeliveriesAsync(SealedMessage request, CancellationToken cancellationToken) =>
        NodeJson.RoundTrip(await hospital.PullDeliveriesAsync(NodeJson.RoundTrip(request), cancellationToken).ConfigureAwait(false));

    public async Task<SealedMessage> SubmitGrantAsync(SealedMessage request, CancellationToken cancellationToken) =>
        NodeJson.RoundTrip(await hospital.SubmitGrantAsync(NodeJson.RoundTrip(request), cancellationToken).ConfigureAwait(false));

    public async Task<SealedMessage> DeskCheckInStatusAsync(SealedMessage request, CancellationToken cancellationToken) =>
        NodeJson.RoundTrip(await hospital.DeskCheckInStatusAsync(NodeJson.RoundTrip(request), cancellationToken).ConfigureAwait(false));

    public async Task<FulfilmentDelivery> CollectFulfilmentAsync(CollectRequest request, CancellationToken cancellationToken) =>
        NodeJson.RoundTrip(await hospital.CollectFulfilmentAsync(NodeJson.RoundTrip(request), cancellationToken).ConfigureAwait(false));
}
