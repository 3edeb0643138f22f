using System.Numerics;
using System.Text.RegularExpressions;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using EmrShare.TestSupport;
using Nethereum.ABI.EIP712;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace EmrShare.Core.Tests.Signing;

/// <summary>
/// Our hand-written hashStruct against docs/interfaces.md (the exact type strings) and against Nethereum's
/// independent reflection-based EIP-712 encoder. The on-chain comparison runs where the contracts are built.
/// </summary>
public sealed partial class Eip712CrossCheckTests
{
    [Fact]
    public void TypeStrings_EqualInterfacesDocument()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "interfaces.md"));
        var declared = TypeLine().Matches(doc).Select(m => m.Value.Trim()).ToHashSet();
        Assert.Contains(Grant.TypeString, declared);
        Assert.Contains(Revoke.TypeString, declared);
        Assert.Contains(RecordManifest.TypeString, declared);
        Assert.Contains(AccessRequest.TypeString, declared);
        Assert.Contains($"`{Eip712Domain.TypeString}`", doc, StringComparison.Ordinal);
        Assert.Contains($"`{Eip712Domain.AccessControlName}`", doc, StringComparison.Ordinal);
        Assert.Contains($"`{Eip712Domain.RecordsName}`", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void TypeStrings_EqualSolidityTypehashSources()
    {
        // Source-level check of the contracts' *_TYPEHASH literals and EIP712 constructor names; the
        // on-chain check (digest and signature accepted by the deployed contract) lives with the chain tests.
        var accessControl = File.ReadAllText(Path.Combine(RepoPaths.Root, "contracts", "AccessControl.sol"));
        var records = File.ReadAllText(Path.Combine(RepoPaths.Root, "contracts", "Records.sol"));
        var literals = HashedLiterals(accessControl).Concat(HashedLiterals(records)).ToHashSet();
        Assert.Contains(Grant.TypeString, literals);
        Assert.Contains(Revoke.TypeString, literals);
        Assert.Contains(AccessRequest.TypeString, literals);
        Assert.Contains(RecordManifest.TypeString, literals);
        Assert.Contains($"EIP712(\"{Eip712Domain.AccessControlName}\", \"1\")", accessControl, StringComparison.Ordinal);
        Assert.Contains($"EIP712(\"{Eip712Domain.RecordsName}\", \"1\")", records, StringComparison.Ordinal);
    }

    private static IEnumerable<string> HashedLiterals(string solidity) =>
        KeccakOfLiterals().Matches(solidity).Select(m => string.Concat(StringLiteral().Matches(m.Groups[1].Value).Select(l => l.Groups[1].Value)));

    [GeneratedRegex(@"keccak256\(\s*((?:""[^""]*""\s*)+)\)")]
    private static partial Regex KeccakOfLiterals();

    [GeneratedRegex(@"""([^""]*)""")]
    private static partial Regex StringLiteral();

    [Fact]
    public void TypeHashes_AreKeccakOfTypeStrings()
    {
        Assert.Equal(Keccak.Hash32("Grant(address patient,address grantee,bytes32 scope,uint16 purpose,uint64 expiry,uint256 nonce)"u8), Grant.TypeHash);
        Assert.Equal(Keccak.Hash32("Revoke(bytes32 grantId)"u8), Revoke.TypeHash);
        Assert.Equal(Keccak.Hash32("AccessRequest(bytes32 grantId,bytes32 recordId,address requester,uint64 issuedAt,bytes32 nonce)"u8), AccessRequest.TypeHash);
        Assert.Equal(Keccak.Hash32("RecordManifest(bytes32 recordId,address patient,uint32 version,bytes32 previousManifest,bytes32 contentHash,bytes32 cidHash,bytes32 wrappedKeysHash,address custodian)"u8), RecordManifest.TypeHash);
        // The well-known EIP712Domain type hash.
        Assert.Equal(Hash32.Parse("0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f"), Eip712Domain.TypeHash);
    }

    [Fact]
    public void GrantDigest_EqualsNethereumEncoder()
    {
        var grant = TypedMessageFixtures.Grant(new Pseudonym(EthECKey.GenerateKey().Address()));
        var message = new NethGrant
        {
            Patient = grant.Patient.Address.ToString(),
            Grantee = grant.Grantee.ToString(),
            Scope = TypedMessageFixtures.Random32().ToBytes(),
            Purpose = (ushort)grant.Purpose,
            Expiry = grant.Expiry,
            Nonce = new BigInteger(grant.Nonce.ToBytes(), isUnsigned: true, isBigEndian: true),
        };
        grant = grant with { Scope = Hash32.FromBytes(message.Scope) };
        var encoded = Eip712TypedDataSigner.Current.EncodeTypedData(message, TypedData<NethGrant>(TypedMessageFixtures.AccessControl, "Grant"));
        Assert.Equal(Keccak.Hash32(encoded), Eip712.Digest(TypedMessageFixtures.AccessControl, grant));
    }

    [Fact]
    public void ManifestDigest_EqualsNethereumEncoder()
    {
        var manifest = TypedMessageFixtures.Manifest(new Pseudonym(EthECKey.GenerateKey().Address())) with { Version = 7 };
        var message = new NethManifest
        {
            RecordId = manifest.RecordId.ToBytes(),
            Patient = manifest.Patient.ToString(),
            Version = manifest.Version,
            PreviousManifest = manifest.PreviousManifest.ToBytes(),
            ContentHash = manifest.ContentHash.ToBytes(),
            CidHash = manifest.CidHash.ToBytes(),
            WrappedKeysHash = manifest.WrappedKeysHash.ToBytes(),
            Custodian = manifest.Custodian.ToString(),
        };
        var encoded = Eip712TypedDataSigner.Current.EncodeTypedData(message, TypedData<NethManifest>(TypedMessageFixtures.Records, "RecordManifest"));
        Assert.Equal(Keccak.Hash32(encoded), Eip712.Digest(TypedMessageFixtures.Records, manifest));
    }

    [Fact]
    public void Sign_Grant_RecoversWithNethereum()
    {
        var key = EthECKey.GenerateKey();
        var signed = Eip712.Sign(TypedMessageFixtures.AccessControl, TypedMessageFixtures.Grant(new Pseudonym(key.Address())), key);
        var recovered = Eip712TypedDataSigner.Current.RecoverFromSignatureHashV4(signed.Digest.ToBytes(), signed.Signature.ToString());
        Assert.Equal(key.Address(), ChainAddress.Parse(recovered));
    }

    private static TypedData<Domain> TypedData<T>(Eip712Domain domain, string primaryType) => new()
    {
        Domain = new Domain
        {
            Name = domain.Name,
            Version = domain.Version,
            ChainId = domain.ChainId,
            VerifyingContract = domain.VerifyingContract.ToString(),
        },
        Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(T)),
        PrimaryType = primaryType,
    };

    [GeneratedRegex(@"^(Grant|Revoke|RecordManifest|AccessRequest)\(.*\)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [Struct("Grant")]
    public sealed class NethGrant
    {
        [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
        [Parameter("address", "grantee", 2)] public string Grantee { get; set; } = "";
        [Parameter("bytes32", "scope", 3)] public byte[] Scope { get; set; } = [];
        [Parameter("uint16", "purpose", 4)] public ushort Purpose { get; set; }
        [Parameter("uint64", "expiry", 5)] public ulong Expiry { get; set; }
        [Parameter("uint256", "nonce", 6)] public BigInteger Nonce { get; set; }
    }

    [Struct("RecordManifest")]
    public sealed class NethManifest
    {
        [Parameter("bytes32", "recordId", 1)] public byte[] RecordId { get; set; } = [];
        [Parameter("address", "patient", 2)] public string Patient { get; set; } = "";
        [Parameter("uint32", "version", 3)] public uint Version { get; set; }
        [Parameter("bytes32", "previousManifest", 4)] public byte[] PreviousManifest { get; set; } = [];
        [Parameter("bytes32", "contentHash", 5)] public byte[] ContentHash { get; set; } = [];
        [Parameter("bytes32", "cidHash", 6)] public byte[] CidHash { get; set; } = [];
        [Parameter("bytes32", "wrappedKeysHash", 7)] public byte[] WrappedKeysHash { get; set; } = [];
        [Parameter("address", "custodian", 8)] public string Custodian { get; set; } = "";
    }
}
