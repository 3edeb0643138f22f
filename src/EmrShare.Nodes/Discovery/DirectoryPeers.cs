using EmrShare.Core;
using EmrShare.Core.Handshake;
using EmrShare.Nodes.Transport;
using EmrShare.Storage;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Nodes.Discovery;

/// <summary>A peer's message endpoint resolved through the Center's directory on each call.</summary>
internal sealed class DirectoryPeerEndpoint(CenterDirectory directory, ChainAddress hospital) : IHospitalEndpoint
{
    public Task<HandshakeResponse> BeginVisitAsync(HandshakeInit init, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Endpoint.BeginVisitAsync(init, cancellationToken), cancellationToken);

    public Task<SealedMessage> FinishVisitAsync(FinishVisitRequest request, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Endpoint.FinishVisitAsync(request, cancellationToken), cancellationToken);

    public Task<SealedMessage> DeskCheckInStatusAsync(SealedMessage request, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Endpoint.DeskCheckInStatusAsync(request, cancellationToken), cancellationToken);

    public Task<SealedMessage> PullDeliveriesAsync(SealedMessage request, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Endpoint.PullDeliveriesAsync(request, cancellationToken), cancellationToken);

    public Task<SealedMessage> SubmitGrantAsync(SealedMessage request, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Endpoint.SubmitGrantAsync(request, cancellationToken), cancellationToken);

    public Task<FulfilmentDelivery> CollectFulfilmentAsync(CollectRequest request, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Endpoint.CollectFulfilmentAsync(request, cancellationToken), cancellationToken);
}

/// <summary>
/// A peer's store resolved through the Center's directory: the read-only peer surface (read, has, stat) with signed
/// requests. Writes, pins and garbage collection are the owner's alone and are refused here.
/// </summary>
internal sealed class DirectoryPeerStore(CenterDirectory directory, ChainAddress hospital) : IBlobStore
{
    public Task<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Store.OpenReadAsync(cid, cancellationToken), cancellationToken);

    public Task<bool> HasAsync(Cid cid, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Store.HasAsync(cid, cancellationToken), cancellationToken);

    public Task<BlobStat> StatAsync(Cid cid, CancellationToken cancellationToken) =>
        PeerConnection.CallAsync(directory, hospital, c => c.Store.StatAsync(cid, cancellationToken), cancellationToken);

    public Task<Cid> PutAsync(Stream content, PutOptions options, CancellationToken cancellationToken) => throw ReadOnly();

    public Task PinAsync(Cid cid, CancellationToken cancellationToken) => throw ReadOnly();

    public Task UnpinAsync(Cid cid, CancellationToken cancellationToken) => throw ReadOnly();

    public IAsyncEnumerable<Cid> ListPinsAsync(CancellationToken cancellationToken) => throw ReadOnly();

    public Task<int> CollectGarbageAsync(CancellationToken cancellationToken) => throw ReadOnly();

    private NotSupportedException ReadOnly() => new($"hospital {hospital}'s store is read-only for peers (cat, block/get, block/stat)");
}
