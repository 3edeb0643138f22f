using EmrShare.Storage.Multiformats;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Storage.Api;

/// <summary>
/// Kubo's output encoding of CIDs (<c>cid-base</c>, <c>upgrade-cidv0-in-output</c>): by default CIDv0 in base58btc and
/// CIDv1 in base32; naming a base also upgrades CIDv0 to CIDv1 in the output (same multihash), as Kubo does, unless
/// <c>upgrade-cidv0-in-output=false</c>. Bases other than base32 and base58btc are refused, never ignored.
/// </summary>
internal sealed class KuboCidEncoder
{
    private readonly char? _prefix;
    private readonly bool _upgrade;

    private KuboCidEncoder(char? prefix, bool upgrade)
    {
        _prefix = prefix;
        _upgrade = upgrade;
    }

    public static KuboCidEncoder From(HttpRequest request)
    {
        var name = request.Query["cid-base"].ToString();
        char? prefix = name switch
        {
            "" => null,
            "base32" or "b" => 'b',
            "base58btc" or "z" => 'z',
            _ => throw new KuboArgumentException($"cid-base \"{name}\" is not supported by this store (base32, base58btc)"),
        };
        return new KuboCidEncoder(prefix, KuboRequest.Flag(request, "upgrade-cidv0-in-output", prefix is not null));
    }

    public string Encode(Cid cid)
    {
        if (cid.Version == 0)
        {
            if (!_upgrade)
            {
                return cid.ToString();
            }

            cid = Cid.FromSha256(1, Multicodec.DagPb, cid.Digest);
        }

        return _prefix == 'z' ? "z" + Base58Btc.Encode(cid.Bytes) : cid.ToString();
    }
}
