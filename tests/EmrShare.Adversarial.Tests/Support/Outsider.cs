using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Hospital;
using Nethereum.Signer;

namespace EmrShare.Adversarial.Tests.Support;

/// <summary>What an outsider can hold: every publicly known key (the dev accounts, which here include every hospital's and the Center's chain account) and keys of its own.</summary>
internal static class Outsider
{
    public static IReadOnlyList<EthECKey> KeysAnOutsiderHolds() =>
    [
        .. AdversarialLedger.Keys.Select(k => PrivateKeys.FromScalar(HexBytes.Parse(k, 32, "dev key"))),
        .. Enumerable.Range(0, 4).Select(_ => PrivateKeys.FromScalar(HospitalKeys.NewSigningKey())),
    ];
}
