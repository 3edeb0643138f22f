using System.Globalization;
using System.Net.Http.Headers;
using EmrShare.Storage.Api.Access;

namespace EmrShare.Storage.Kubo;

/// <summary>
/// What a <see cref="KuboRpcClient"/> presents: the admin token of the store it owns
/// (<see cref="KuboAdminApiOptions.AdminToken"/>), or a signature per read for a peer's store (<see cref="PeerRequestSignature"/>).
/// </summary>
public sealed class KuboClientCredentials
{
    private readonly string? _adminToken;
    private readonly IPeerRequestSigner? _signer;
    private readonly TimeProvider _time;

    private KuboClientCredentials(string? adminToken, IPeerRequestSigner? signer, TimeProvider time)
    {
        _adminToken = adminToken;
        _signer = signer;
        _time = time;
    }

    public static KuboClientCredentials Admin(string token) =>
        new(string.IsNullOrEmpty(token) ? throw new ArgumentException("empty admin token", nameof(token)) : token, null, TimeProvider.System);

    public static KuboClientCredentials Peer(IPeerRequestSigner signer, TimeProvider time) =>
        new(null, signer ?? throw new ArgumentNullException(nameof(signer)), time ?? throw new ArgumentNullException(nameof(time)));

    internal void Apply(HttpRequestMessage request)
    {
        if (_adminToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
            return;
        }

        var uri = request.RequestUri!;
        var seconds = _time.GetUtcNow().ToUnixTimeSeconds();
        var payload = PeerRequestSignature.Payload(uri.Authority, request.Method.Method, uri.PathAndQuery, seconds);
        var (account, signature) = _signer!.Sign(payload);
        request.Headers.Add(PeerRequestSignature.AccountHeader, account);
        request.Headers.Add(PeerRequestSignature.TimestampHeader, seconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(PeerRequestSignature.SignatureHeader, signature);
    }
}
