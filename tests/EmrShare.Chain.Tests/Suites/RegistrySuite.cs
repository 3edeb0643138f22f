using EmrShare.Chain.Messages;
using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>Registry: hospitals, practitioners, patients, pseudonyms and who may register them.</summary>
public abstract class RegistrySuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    [Fact]
    public async Task RegisterHospital_ByCenter_StoresKeyNameAndActive()
    {
        var key = TestIds.EncryptionKey();
        var name = TestIds.Random();
        await As(Center).Registry.RegisterHospitalAsync(Spare1.Address, key, name, Ct);

        var info = await As(Outsider).Registry.GetHospitalAsync(Spare1.Address, Ct);
        Assert.Equal(key, info.EncryptionKey);
        Assert.Equal(name, info.NameHash);
        Assert.True(info.Active);
        Assert.True(await As(Outsider).Registry.IsActiveHospitalAsync(Spare1.Address, Ct));
    }

    [Fact]
    public async Task RegisterHospital_Twice_RevertsAlreadyRegistered() =>
        await AssertRevertsAsync("RegistryAccountAlreadyRegistered", () =>
            As(Center).Registry.RegisterHospitalAsync(HospitalA.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct));

    [Fact]
    public async Task RegisterHospital_ByNonOwner_RevertsUnauthorized() =>
        await AssertRevertsAsync("OwnableUnauthorizedAccount", () =>
            As(HospitalA).Registry.RegisterHospitalAsync(Spare1.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct));

    [Theory]
    [InlineData(32, 0x02)]
    [InlineData(33, 0x04)]
    [InlineData(65, 0x04)]
    public async Task RegisterHospital_MalformedKey_RevertsInvalidEncryptionKey(int length, byte prefix)
    {
        var key = new byte[length];
        key[0] = prefix;
        key[1] = 1;
        await AssertRevertsAsync("RegistryInvalidEncryptionKey", () =>
            As(Center).Registry.RegisterHospitalAsync(Spare1.Address, key, TestIds.Random(), Ct));
    }

    [Fact]
    public async Task RegisterHospital_PatientPseudonymAddress_RevertsAlreadyRegistered() =>
        await AssertRevertsAsync("RegistryAccountAlreadyRegistered", () =>
            As(Center).Registry.RegisterHospitalAsync(Patient.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct));

    [Fact]
    public async Task DeactivateHospital_ByCenter_MarksInactive()
    {
        await As(Center).Registry.DeactivateHospitalAsync(HospitalB.Address, Ct);

        Assert.False(await As(Outsider).Registry.IsActiveHospitalAsync(HospitalB.Address, Ct));
        Assert.False((await As(Outsider).Registry.GetHospitalAsync(HospitalB.Address, Ct)).Active);
        await AssertRevertsAsync("RegistryHospitalNotActive", () => As(Center).Registry.DeactivateHospitalAsync(HospitalB.Address, Ct));
    }

    [Fact]
    public async Task DeactivateHospital_Unknown_RevertsUnknownHospital() =>
        await AssertRevertsAsync("RegistryUnknownHospital", () => As(Center).Registry.DeactivateHospitalAsync(Outsider.Address, Ct));

    [Fact]
    public async Task DeactivateHospital_ByHospitalItself_RevertsUnauthorized() =>
        await AssertRevertsAsync("OwnableUnauthorizedAccount", () => As(HospitalA).Registry.DeactivateHospitalAsync(HospitalA.Address, Ct));

    [Fact]
    public async Task RegisterPractitioner_ByOwnHospital_IsActiveUnderIt()
    {
        await As(HospitalB).Registry.RegisterPractitionerAsync(Spare1.Address, HospitalB.Address, Ct);

        var info = await As(Outsider).Registry.GetPractitionerAsync(Spare1.Address, Ct);
        Assert.Equal(HospitalB.Address, info.Hospital, ignoreCase: true);
        Assert.True(info.Active);
    }

    [Fact]
    public async Task RegisterPractitioner_ByOtherHospital_RevertsUnauthorized() =>
        await AssertRevertsAsync("RegistryUnauthorized", () => As(HospitalA).Registry.RegisterPractitionerAsync(Spare1.Address, HospitalB.Address, Ct));

    [Fact]
    public async Task RegisterPractitioner_Twice_RevertsAlreadyRegistered() =>
        await AssertRevertsAsync("RegistryAccountAlreadyRegistered", () => As(Center).Registry.RegisterPractitionerAsync(Practitioner.Address, HospitalB.Address, Ct));

    [Fact]
    public async Task RegisterPractitioner_UnderUnknownHospital_RevertsUnknownHospital() =>
        await AssertRevertsAsync("RegistryUnknownHospital", () => As(Center).Registry.RegisterPractitionerAsync(Spare1.Address, Outsider.Address, Ct));

    [Fact]
    public async Task RegisterPractitioner_UnderInactiveHospital_RevertsHospitalNotActive()
    {
        await As(Center).Registry.DeactivateHospitalAsync(HospitalB.Address, Ct);
        await AssertRevertsAsync("RegistryHospitalNotActive", () => As(Center).Registry.RegisterPractitionerAsync(Spare1.Address, HospitalB.Address, Ct));
    }

    [Fact]
    public async Task DeactivatePractitioner_ByEmployer_MarksInactiveOnce()
    {
        await As(HospitalA).Registry.DeactivatePractitionerAsync(Practitioner.Address, Ct);

        Assert.False((await As(Outsider).Registry.GetPractitionerAsync(Practitioner.Address, Ct)).Active);
        await AssertRevertsAsync("RegistryPractitionerNotActive", () => As(Center).Registry.DeactivatePractitionerAsync(Practitioner.Address, Ct));
    }

    [Fact]
    public async Task DeactivatePractitioner_ByOtherHospital_RevertsUnauthorized() =>
        await AssertRevertsAsync("RegistryUnauthorized", () => As(HospitalB).Registry.DeactivatePractitionerAsync(Practitioner.Address, Ct));

    [Fact]
    public async Task DeactivatePractitioner_Unknown_RevertsUnknownPractitioner() =>
        await AssertRevertsAsync("RegistryUnknownPractitioner", () => As(Center).Registry.DeactivatePractitionerAsync(Outsider.Address, Ct));

    [Fact]
    public async Task GetPractitioner_AfterHospitalDeactivated_ReportsInactive()
    {
        await As(Center).Registry.DeactivateHospitalAsync(HospitalA.Address, Ct);
        Assert.False((await As(Outsider).Registry.GetPractitionerAsync(Practitioner.Address, Ct)).Active);
    }

    [Fact]
    public async Task RegisterPatient_Commitment_IsRegisteredOnceOnly()
    {
        var commitment = TestIds.Random();
        Assert.False(await As(Outsider).Registry.IsPatientRegisteredAsync(commitment, Ct));
        await As(Center).Registry.RegisterPatientAsync(commitment, Ct);

        Assert.True(await As(Outsider).Registry.IsPatientRegisteredAsync(commitment, Ct));
        await AssertRevertsAsync("RegistryPatientAlreadyRegistered", () => As(Center).Registry.RegisterPatientAsync(commitment, Ct));
    }

    [Fact]
    public async Task RegisterPatient_ZeroCommitment_RevertsZeroCommitment() =>
        await AssertRevertsAsync("RegistryZeroCommitment", () => As(Center).Registry.RegisterPatientAsync(Bytes32.Zero, Ct));

    [Fact]
    public async Task RegisterPatient_ByNonOwner_RevertsUnauthorized() =>
        await AssertRevertsAsync("OwnableUnauthorizedAccount", () => As(HospitalA).Registry.RegisterPatientAsync(TestIds.Random(), Ct));

    [Fact]
    public async Task RegisterPseudonyms_Batch_AllRecognisedAndOthersNot()
    {
        var fresh = Enumerable.Range(0, 5).Select(_ => Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress()).ToList();
        await As(Center).Registry.RegisterPseudonymsAsync(fresh, Ct);

        foreach (var pseudonym in fresh)
        {
            Assert.True(await As(HospitalA).Registry.IsPatientPseudonymAsync(pseudonym, Ct));
        }

        Assert.False(await As(HospitalA).Registry.IsPatientPseudonymAsync(Outsider.Address, Ct));
        Assert.False(await As(HospitalA).Registry.IsPatientPseudonymAsync(HospitalB.Address, Ct));
    }

    [Fact]
    public async Task RegisterPseudonyms_AlreadyRegistered_RevertsAndRegistersNone()
    {
        var fresh = Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress();
        await AssertRevertsAsync("RegistryAccountAlreadyRegistered", () => As(Center).Registry.RegisterPseudonymsAsync([fresh, Patient.Address], Ct));
        Assert.False(await As(HospitalA).Registry.IsPatientPseudonymAsync(fresh, Ct));
    }

    [Fact]
    public async Task RegisterPseudonyms_ZeroAddress_RevertsZeroAddress() =>
        await AssertRevertsAsync("RegistryZeroAddress", () => As(Center).Registry.RegisterPseudonymsAsync(["0x0000000000000000000000000000000000000000"], Ct));

    [Fact]
    public async Task RegisterPseudonyms_ByHospital_RevertsUnauthorized() =>
        await AssertRevertsAsync("OwnableUnauthorizedAccount", () => As(HospitalA).Registry.RegisterPseudonymsAsync([Spare1.Address], Ct));

    [Fact]
    public async Task GetHospital_Unknown_RevertsUnknownHospital() =>
        await AssertRevertsAsync("RegistryUnknownHospital", () => As(Outsider).Registry.GetHospitalAsync(Patient.Address, Ct));

    [Fact]
    public async Task MirrorMembers_CalledDirectly_RevertsMirrorUnauthorized()
    {
        var client = new ContractClient(Outsider.Web3, Addresses.AccessControl);
        var forged = new MirrorMembersFunction { Accounts = [Outsider.Address], Member = 1 };
        await AssertRevertsAsync("RegistryMirrorUnauthorized", () => client.SendAsync(forged, Ct));
    }
}
