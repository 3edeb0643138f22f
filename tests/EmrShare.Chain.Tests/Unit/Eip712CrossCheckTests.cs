using System.Numerics;
using EmrShare.Chain.Tests.Support;
using Nethereum.ABI.EIP712;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EmrShare.Chain.Tests.Unit;

/// <summary>
/// The tests' hand-written EIP-712 hashing (which the contract suites compare the contracts against) agrees
/// with Nethereum's independent EIP-712 encoder, so both sides match the standard, not just each other.
/// </summary>
public sealed class Eip712CrossCheckTests
{
    private const string Verifier = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    [Struct("Grant")]
    public sealed class GrantStruct
    {
        [Parameter("address", "patient", 1)] public string Patient { get; set; } = string.Empty;
        [Parameter("address", "grantee", 2)] public string Grantee { get; set; } = string.Empty;
        [Parameter("bytes32", "scope", 3)] public byte[] Scope { get; set; } = [];
        [Parameter("uint16", "purpose", 4)] public ushort Purpose { get; set; }
        [Parameter("uint64", "expiry", 5)] public ulong Expiry { get; set; }
        [Parameter("uint256", "nonce", 6)] public BigInteger Nonce { get; set; }
    }

    [Struct("Revoke")]
    public sealed class RevokeStruct
    {
        [Parameter("bytes32", "grantId", 1)] public byte[] GrantId { get; set; } = [];
    }

    [Theory]
    [InlineData(31337L)]
    [InlineData(1L)]
    public void GrantDigest_HandWritten_EqualsNethereumEncoder(long chainId)
    {
        var terms = new GrantTerms(
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            TestIds.Random(), 3, 1_900_000_000UL, TestIds.RandomNonce());
        var message = new GrantStruct
        {
            Patient = terms.Patient,
            Grantee = terms.Grantee,
            Scope = terms.Scope.ToArray(),
            Purpose = terms.Purpose,
            Expiry = terms.Expiry,
            Nonce = terms.Nonce,
        };

        var expected = new Eip712TypedDataEncoder().EncodeAndHashTypedData(message, TypedDataFor<GrantStruct>("Grant", chainId));

        Assert.Equal(Bytes32.FromBytes(expected), Eip712.GrantDigest(terms, chainId, Verifier));
    }

    [Fact]
    public void RevokeDigest_HandWritten_EqualsNethereumEncoder()
    {
        var grantId = TestIds.Random();
        var expected = new Eip712TypedDataEncoder().EncodeAndHashTypedData(new RevokeStruct { GrantId = grantId.ToArray() }, TypedDataFor<RevokeStruct>("Revoke", 31337));
        Assert.Equal(Bytes32.FromBytes(expected), Eip712.RevokeDigest(grantId, 31337, Verifier));
    }

    private static TypedData<Domain> TypedDataFor<T>(string primaryType, long chainId) => new()
    {
        Domain = new Domain { Name = "EmrShare AccessControl", Version = "1", ChainId = chainId, VerifyingContract = Verifier },
        Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(T)),
        PrimaryType = primaryType,
    };
}
