using System.Security.Cryptography;
using EmrShare.Storage.Api.Access;

namespace EmrShare.Storage.Tests.Support;

/// <summary>
/// A small real implementation of both sides of the peer port for Storage's own tests (Storage has no chain): each
/// registered account holds an HMAC key. EmrShare.Nodes implements the same port with secp256k1 and the Registry.
/// </summary>
public sealed class HmacPeerKeys : IPeerAuthorizer
{
    private readonly Dictionary<string, byte[]> _registered = new(StringComparer.Ordinal);

    public IPeerRequestSigner Register(string account, PeerKind kind = PeerKind.Hospital)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        _registered[account] = key;
        Kinds[account] = kind;
        return new Signer(account, key);
    }

    public static IPeerRequestSigner Unregistered(string account) => new Signer(account, RandomNumberGenerator.GetBytes(32));

    private Dictionary<string, PeerKind> Kinds { get; } = new(StringComparer.Ordinal);

    public Task<PeerPrincipal?> AuthorizeAsync(SignedPeerRequest request, CancellationToken cancellationToken)
    {
        if (!_registered.TryGetValue(request.Account, out var key))
        {
            return Task.FromResult<PeerPrincipal?>(null);
        }

        var expected = HMACSHA256.HashData(key, request.Payload);
        var ok = CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(request.Signature));
        return Task.FromResult(ok ? new PeerPrincipal(request.Account, Kinds[request.Account]) : null);
    }

    private sealed class Signer(string account, byte[] key) : IPeerRequestSigner
    {
        public (string Account, string Signature) Sign(byte[] payload) => (account, Convert.ToHexString(HMACSHA256.HashData(key, payload)));
    }
}
