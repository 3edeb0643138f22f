using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>Deployment, mirror binding and two-step ownership of the Registry.</summary>
public abstract class DeploymentSuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    [Fact]
    public async Task Deploy_Fresh_CenterOwnsAndMirrorsPointAtRegistry()
    {
        Assert.Equal(Center.Address, await As(Outsider).Registry.GetOwnerAsync(Ct), ignoreCase: true);
        foreach (var mirror in new[] { Addresses.Records, Addresses.Index, Addresses.AccessControl })
        {
            var client = new ContractClient(Outsider.Web3, mirror);
            var registry = await client.QueryAsync<Messages.MirrorRegistryFunction, string>(new(), Ct);
            Assert.Equal(Addresses.Registry, registry, ignoreCase: true);
        }
    }

    [Fact]
    public async Task Deploy_EveryArtifact_RuntimeCodeMatchesCommittedArtifact()
    {
        var pairs = new[]
        {
            (Addresses.Registry, ContractArtifacts.Registry),
            (Addresses.Records, ContractArtifacts.Records),
            (Addresses.Index, ContractArtifacts.Index),
            (Addresses.AccessControl, ContractArtifacts.AccessControl),
        };
        foreach (var (address, artifact) in pairs)
        {
            var code = await Outsider.Web3.Eth.GetCode.SendRequestAsync(address);
            Assert.Equal("shanghai", artifact.EvmVersion);

            // Immutables (registry address, EIP-712 cache) are patched in at deployment, so compare lengths, not bytes.
            Assert.Equal(artifact.DeployedBytecode.Length, code.Length);
        }
    }

    [Fact]
    public async Task BindMirrors_Twice_RevertsAlreadyBound() =>
        await AssertRevertsAsync("RegistryMirrorsAlreadyBound", () => EmrShareDeployment.BindMirrorsAsync(Center.Web3, Addresses, Ct));

    [Fact]
    public async Task RegisterHospital_BeforeMirrorsBound_RevertsMirrorsNotBound()
    {
        var unbound = await EmrShareDeployment.DeployAsync(Center.Web3, Center.Address, Ct);
        UseAddresses(unbound);
        await AssertRevertsAsync("RegistryMirrorsNotBound", () =>
            As(Center).Registry.RegisterHospitalAsync(Spare1.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct));
    }

    [Fact]
    public async Task BindMirrors_ByNonOwner_RevertsUnauthorized()
    {
        var unbound = await EmrShareDeployment.DeployAsync(Center.Web3, Center.Address, Ct);
        await AssertRevertsAsync("OwnableUnauthorizedAccount", () => EmrShareDeployment.BindMirrorsAsync(Outsider.Web3, unbound, Ct));
    }

    [Fact]
    public async Task TransferOwnership_Accepted_NewOwnerRegistersOldCannot()
    {
        await As(Center).Registry.TransferOwnershipAsync(Spare1.Address, Ct);
        Assert.Equal(Center.Address, await As(Outsider).Registry.GetOwnerAsync(Ct), ignoreCase: true);
        Assert.Equal(Spare1.Address, await As(Outsider).Registry.GetPendingOwnerAsync(Ct), ignoreCase: true);

        await As(Spare1).Registry.AcceptOwnershipAsync(Ct);

        Assert.Equal(Spare1.Address, await As(Outsider).Registry.GetOwnerAsync(Ct), ignoreCase: true);
        await As(Spare1).Registry.RegisterPatientAsync(TestIds.Random(), Ct);
        await AssertRevertsAsync("OwnableUnauthorizedAccount", () => As(Center).Registry.RegisterPatientAsync(TestIds.Random(), Ct));
    }

    [Fact]
    public async Task AcceptOwnership_ByOtherThanPending_RevertsUnauthorized()
    {
        await As(Center).Registry.TransferOwnershipAsync(Spare1.Address, Ct);
        await AssertRevertsAsync("OwnableUnauthorizedAccount", () => As(Outsider).Registry.AcceptOwnershipAsync(Ct));
    }

    [Fact]
    public async Task TransferOwnership_ByNonOwner_RevertsUnauthorized() =>
        await AssertRevertsAsync("OwnableUnauthorizedAccount", () => As(HospitalA).Registry.TransferOwnershipAsync(HospitalA.Address, Ct));

    [Fact]
    public async Task RenounceOwnership_ByOwner_RevertsRenounceDisabled() =>
        await AssertRevertsAsync("RegistryRenounceDisabled", () => As(Center).Registry.RenounceOwnershipAsync(Ct));
}
