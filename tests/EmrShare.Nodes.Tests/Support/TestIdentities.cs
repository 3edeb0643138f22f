using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>
/// Patient identities whose derived keys can all sign. Core's EthSignature.Sign fails for a private key with a
/// leading zero byte (1 in 256; reported to Core's owner), so a random identity would make ~2% of networks
/// flaky. Skipping such identities here keeps the tests deterministic until Core is fixed.
/// </summary>
internal static class TestIdentities
{
    public static PatientIdentity Create(IEnumerable<ChainAddress> hospitals)
    {
        var list = hospitals.ToList();
        while (true)
        {
            var identity = PatientIdentity.Create();
            if (identity.IndexKey().ToBytes32()[0] != 0 && list.All(h => identity.PseudonymKey(h).ToBytes32()[0] != 0))
            {
                return identity;
            }

            identity.Dispose();
        }
    }
}
