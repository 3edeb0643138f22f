using EmrShare.TestSupport;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EmrShare.Chain.Tests.Support;

/// <summary>One chain account used by a test: its key, address and a Web3 that sends as it.</summary>
public sealed record Actor(string Name, string PrivateKey, string Address, IWeb3 Web3);

/// <summary>
/// Base of every contract suite. The chain comes from <typeparamref name="TFixture"/> (Hardhat today, the
/// embedded ledger later); each test gets a fresh deployment and the standard cast: the Center owns the
/// Registry, hospitals A and B are active, a practitioner works at A, a patient is registered with a pseudonym
/// at A, an index account and a second pseudonym; an outsider is registered as nothing.
/// </summary>
public abstract class ChainTestBase<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : ChainEndpointFixture
{
    private EmrShareAddresses? _addresses;

    protected IChainEndpoint Endpoint => fixture.Endpoint;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected long ChainId => Endpoint.ChainId;

    protected EmrShareAddresses Addresses => _addresses ?? throw new InvalidOperationException("not deployed");

    protected Actor Center { get; private set; } = null!;

    protected Actor HospitalA { get; private set; } = null!;

    protected Actor HospitalB { get; private set; } = null!;

    protected Actor Practitioner { get; private set; } = null!;

    protected Actor Patient { get; private set; } = null!;

    protected Actor IndexAccount { get; private set; } = null!;

    protected Actor Outsider { get; private set; } = null!;

    protected Actor OtherPatient { get; private set; } = null!;

    protected Actor Spare1 { get; private set; } = null!;

    protected Actor Spare2 { get; private set; } = null!;

    /// <summary>Suites that test deployment itself switch the automatic set-up off.</summary>
    protected virtual bool DeployOnStart => true;

    public virtual async ValueTask InitializeAsync()
    {
        // Recoverable signing is ~8x faster in Nethereum and signatures stay identical.
        EthECKey.SignRecoverable = true;
        var keys = Endpoint.FundedPrivateKeys;
        Center = NewActor("center", keys[0]);
        HospitalA = NewActor("hospitalA", keys[1]);
        HospitalB = NewActor("hospitalB", keys[2]);
        Practitioner = NewActor("practitioner", keys[3]);
        Patient = NewActor("patient", keys[4]);
        IndexAccount = NewActor("index", keys[5]);
        Outsider = NewActor("outsider", keys[6]);
        OtherPatient = NewActor("otherPatient", keys[7]);
        Spare1 = NewActor("spare1", keys[8]);
        Spare2 = NewActor("spare2", keys[9]);
        if (DeployOnStart)
        {
            _addresses = await EmrShareDeployment.DeployAndBindAsync(Center.Web3, Ct);
            var center = As(Center).Registry;
            await center.RegisterHospitalAsync(HospitalA.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct);
            await center.RegisterHospitalAsync(HospitalB.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct);
            await center.RegisterPractitionerAsync(Practitioner.Address, HospitalA.Address, Ct);
            await center.RegisterPatientAsync(TestIds.Random(), Ct);
            await center.RegisterPseudonymsAsync([Patient.Address, IndexAccount.Address, OtherPatient.Address], Ct);
        }
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected Actor NewActor(string name, string privateKey)
    {
        var account = new Account(privateKey, ChainId);
        return new Actor(name, privateKey, account.Address, new Web3(account, Endpoint.RpcUrl.ToString()));
    }

    protected void UseAddresses(EmrShareAddresses addresses) => _addresses = addresses;

    protected IEmrShareChain As(Actor actor) => new EmrShareChain(actor.Web3, Addresses);

    protected static async Task<ContractRevertedException> AssertRevertsAsync(string errorName, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<ContractRevertedException>(action);
        Assert.Equal(errorName, ex.ErrorName);
        return ex;
    }

    protected async Task<ulong> LatestTimestampAsync()
    {
        var block = await Center.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        return (ulong)block.Timestamp.Value;
    }

    /// <summary>A grant from <see cref="Patient"/> to <paramref name="grantee"/>, signed for this deployment.</summary>
    protected async Task<SignedGrant> SignGrantAsync(string grantee, Bytes32? scope = null, ushort purpose = 1, ulong? expiry = null, Actor? signer = null, long? chainId = null, string? verifyingContract = null)
    {
        var terms = new GrantTerms(
            (signer ?? Patient).Address,
            grantee,
            scope ?? Bytes32.Zero,
            purpose,
            expiry ?? await LatestTimestampAsync() + 3600,
            TestIds.RandomNonce());
        return Eip712.SignGrant(terms, (signer ?? Patient).PrivateKey, chainId ?? ChainId, verifyingContract ?? Addresses.AccessControl);
    }
}
