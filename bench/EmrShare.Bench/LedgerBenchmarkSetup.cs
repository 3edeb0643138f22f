using System.Text;
using EmrShare.Chain;
using EmrShare.Ledger;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Util;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EmrShare.Bench;

/// <summary>
/// Deploys the real EmrShare contracts (Registry, Records, Index, AccessControl, bound) with the Center's key
/// and registers the eight sending accounts as active hospitals, so the measured transactions are genuine
/// <c>Records.anchorRecord</c> calls on any chain.
/// </summary>
internal static class LedgerBenchmarkSetup
{
    public static async Task<string> DeployRecordsAsync(IClient client, int hospitals, CancellationToken cancellationToken)
    {
        var center = new Web3(new Account(LedgerOptions.DevPrivateKeys[0], 31337), client);
        var addresses = await EmrShareDeployment.DeployAndBindAsync(center, cancellationToken);
        var registry = new EmrShareChain(center, addresses).Registry;
        for (var h = 1; h <= hospitals; h++)
        {
            var hospital = new EthECKey(LedgerOptions.DevPrivateKeys[h]);
            var nameHash = Bytes32.FromBytes(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes("bench hospital " + h)));
            await registry.RegisterHospitalAsync(hospital.GetPublicAddress(), hospital.GetPubKey(true), nameHash, cancellationToken);
        }

        return addresses.Records.ToLowerInvariant();
    }
}
