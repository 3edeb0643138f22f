using System.Text;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;

namespace EmrShare.Nodes.Transport;

// Grantee ← custodian delivery of a fulfilment (docs/protocol.md "Fulfilment"): the custodian's watcher acts on the
// chain's AccessRequested event and stages the outcome under the request id; the grantee pulls it. Pulling is
// authenticated by the grantee's EIP-712 AccessRequest (the same one that names grant and record).

/// <summary>Grantee → custodian: "hand me the outcome of request <see cref="RequestId"/>", waiting up to <see cref="WaitMilliseconds"/> for it.</summary>
public sealed record CollectRequest(SignedTypedData<AccessRequest> Request, Hash32 RequestId, int WaitMilliseconds);

/// <summary>Where a request stands at its custodian.</summary>
public enum FulfilmentStatus
{
    /// <summary>Not (yet) handled: the watcher has not seen the event, or it is not this custodian's to answer.</summary>
    Pending = 0,

    /// <summary>Fulfilled on chain; <see cref="FulfilmentDelivery.Fulfilment"/> holds the delivery.</summary>
    Fulfilled = 1,

    /// <summary>Refused after checking the contract; <see cref="FulfilmentDelivery.Refusal"/> says why.</summary>
    Refused = 2,
}

/// <summary>Custodian → grantee: the outcome of a request (or <see cref="FulfilmentStatus.Pending"/>).</summary>
public sealed record FulfilmentDelivery(Hash32 RequestId, FulfilmentStatus Status, Fulfilment? Fulfilment, FulfilmentRefusal? Refusal)
{
    public static FulfilmentDelivery Pending(Hash32 requestId) => new(requestId, FulfilmentStatus.Pending, null, null);
}

/// <summary>
/// A custodian's refusal of one request, signed with its chain account key so the grantee can tell a real
/// refusal from a forged one (nothing else vouches for a negative answer: no transaction is sent for it).
/// </summary>
public sealed record FulfilmentRefusal(Hash32 RequestId, string Reason, EthSignature Signature)
{
    private static readonly byte[] Tag = Encoding.UTF8.GetBytes("EmrShare fulfilment refusal v1");

    /// <summary>keccak256(tag ‖ chainId (32 bytes) ‖ AccessControl address ‖ requestId ‖ keccak256(reason)).</summary>
    public static Hash32 Digest(ulong chainId, ChainAddress accessControl, Hash32 requestId, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var chain = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(chain.AsSpan(24), chainId);
        byte[] message = [.. Tag, .. chain, .. accessControl.ToBytes(), .. requestId.ToBytes(), .. Keccak.Hash(Encoding.UTF8.GetBytes(reason))];
        return Keccak.Hash32(message);
    }
}
