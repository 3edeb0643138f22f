using System.Numerics;
using System.Text.Json;
using EmrShare.TestSupport;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EmrShare.Core.Tests.OnChain;

/// <summary>
/// A fresh Hardhat node with AccessControl and Records deployed from the committed artifacts. The deployer
/// account is passed as their "registry", so the test can write the membership mirror directly
/// (mirrorMembers only checks msg.sender == registry) without deploying and driving the Registry.
/// </summary>
public sealed class DeployedContracts : IAsyncLifetime
{
    private HardhatNode? _node;

    public Web3 Web3 { get; private set; } = null!;

    public Account Deployer { get; private set; } = null!;

    public Contract AccessControl { get; private set; } = null!;

    public Contract Records { get; private set; } = null!;

    public ulong ChainId => 31337;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _node = await HardhatNode.StartAsync(ct);
        Deployer = new Account(_node.FundedPrivateKeys[0], (long)ChainId);
        Web3 = new Web3(Deployer, _node.RpcUrl.ToString());
        Web3.TransactionManager.UseLegacyAsDefault = true;
        Records = await DeployAsync("Records", ct, Deployer.Address);
        AccessControl = await DeployAsync("AccessControl", ct, Deployer.Address, Records.Address);
    }

    /// <summary>Mirrors accounts into AccessControl's membership table (1 = active hospital, 2 = patient pseudonym).</summary>
    public async Task MirrorAsync(string[] accounts, int kind, CancellationToken cancellationToken)
    {
        var receipt = await AccessControl.GetFunction("mirrorMembers").SendTransactionAndWaitForReceiptAsync(
            Deployer.Address, new HexBigInteger(500_000), null, cancellationToken, accounts, new BigInteger(kind));
        Assert.Equal(1, (int)receipt.Status.Value);
    }

    private async Task<Contract> DeployAsync(string name, CancellationToken cancellationToken, params object[] constructorArguments)
    {
        var artifact = Path.Combine(RepoPaths.Root, "contracts", "artifacts", name + ".json");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(artifact, cancellationToken));
        var abi = json.RootElement.GetProperty("abi").GetRawText();
        var bytecode = json.RootElement.GetProperty("bytecode").GetString()!;
        var receipt = await Web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            abi, bytecode, Deployer.Address, new HexBigInteger(8_000_000), cancellationToken, constructorArguments);
        Assert.Equal(1, (int)receipt.Status.Value);
        return Web3.Eth.GetContract(abi, receipt.ContractAddress);
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
