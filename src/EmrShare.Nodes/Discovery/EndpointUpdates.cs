using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Hospital;

namespace EmrShare.Nodes.Discovery;

/// <summary>How a hospital signs the request that publishes (or changes) its endpoint in the Center's directory.</summary>
public static class EndpointUpdates
{
    public static SignedTypedData<EndpointUpdate> Sign(HospitalKeys keys, Eip712Domain domain, string endpoint, Hash32 tlsSpki, ulong sequence, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(time);
        var update = new EndpointUpdate(keys.Address, endpoint, tlsSpki, sequence, (ulong)time.GetUtcNow().ToUnixTimeSeconds());
        return Eip712.Sign(domain, update, keys.Account);
    }
}
