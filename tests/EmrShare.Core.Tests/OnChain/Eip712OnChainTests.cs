using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Core.Merkle;
using EmrShare.Core.Signing;
using Nethereum.Hex.HexTypes;
using Nethereum.Signer;
using Org.BouncyCastle.Math;

namespace EmrShare.Core.Tests.OnChain;

/// <summary>
/// EIP-712 and Merkle cross-check against the real contracts on a Hardhat chain: domain separators, digests
/// and leaves equal the contracts' views, a grant signed here is accepted by AccessControl.grant, and the
/// contract rejects what Eip712.Verify rejects (high-s, wrong chain, wrong signer).
/// </summary>
public sealed class Eip712OnChainTests(DeployedContracts chain) : IClassFixture<DeployedContracts>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Eip712Domain AccessControlDomain => Eip712Domain.AccessControl(chain.ChainId, ChainAddress.Parse(chain.AccessControl.Address));

    private Eip712Domain RecordsDomain => Eip712Domain.Records(chain.ChainId, ChainAddress.Parse(chain.Records.Address));

    [Fact]
    public async Task DomainSeparators_EqualContracts()
    {
        var accessControl = await chain.AccessControl.GetFunction("domainSeparator").CallAsync<byte[]>();
        var records = await chain.Records.GetFunction("domainSeparator").CallAsync<byte[]>();
        Assert.Equal(AccessControlDomain.Separator, Hash32.FromBytes(accessControl));
        Assert.Equal(RecordsDomain.Separator, Hash32.FromBytes(records));
    }

    [Fact]
    public async Task TypeHashes_EqualContractConstants()
    {
        Assert.Equal(Grant.TypeHash, Hash32.FromBytes(await chain.AccessControl.GetFunction("GRANT_TYPEHASH").CallAsync<byte[]>()));
        Assert.Equal(Revoke.TypeHash, Hash32.FromBytes(await chain.AccessControl.GetFunction("REVOKE_TYPEHASH").CallAsync<byte[]>()));
        Assert.Equal(AccessRequest.TypeHash, Hash32.FromBytes(await chain.AccessControl.GetFunction("ACCESS_REQUEST_TYPEHASH").CallAsync<byte[]>()));
        Assert.Equal(RecordManifest.TypeHash, Hash32.FromBytes(await chain.Records.GetFunction("MANIFEST_TYPEHASH").CallAsync<byte[]>()));
    }

    [Fact]
    public async Task GrantAndRevokeDigests_EqualContractViews()
    {
        var grant = NewGrant(new Pseudonym(EthECKey.GenerateKey().Address()), EthECKey.GenerateKey().Address());
        var onChain = await chain.AccessControl.GetFunction("grantDigest").CallAsync<byte[]>(GrantArguments(grant));
        Assert.Equal(Eip712.GrantId(AccessControlDomain, grant), Hash32.FromBytes(onChain));
        var revoke = await chain.AccessControl.GetFunction("revokeDigest").CallAsync<byte[]>(onChain);
        Assert.Equal(Eip712.Digest(AccessControlDomain, new Revoke(Hash32.FromBytes(onChain))), Hash32.FromBytes(revoke));
    }

    [Fact]
    public async Task MerkleLeaves_EqualContractViews()
    {
        var recordId = RecordId.New();
        var commitment = SaltedCommitment.Create(Hash32.FromBytes(Keccak.Hash("manifest"u8))).Commitment;
        var scope = await chain.AccessControl.GetFunction("scopeLeaf").CallAsync<byte[]>(recordId.ToBytes());
        var batch = await chain.Records.GetFunction("batchLeaf").CallAsync<byte[]>(recordId.ToBytes(), 7u, commitment.ToBytes());
        Assert.Equal(MerkleLeaves.ForScope(recordId), Hash32.FromBytes(scope));
        Assert.Equal(MerkleLeaves.ForBatch(recordId, 7, commitment), Hash32.FromBytes(batch));
    }

    [Fact]
    public async Task Grant_SignedHere_AcceptedOnChainAndHighSOrWrongChainRejected()
    {
        var patientKey = EthECKey.GenerateKey();
        var hospital = EthECKey.GenerateKey().Address();
        await chain.MirrorAsync([patientKey.Address().ToString()], 2, Ct);
        await chain.MirrorAsync([hospital.ToString()], 1, Ct);
        var grantFn = chain.AccessControl.GetFunction("grant");
        var gas = new HexBigInteger(1_000_000);

        var signed = Eip712.Sign(AccessControlDomain, NewGrant(new Pseudonym(patientKey.Address()), hospital), patientKey);
        var grantId = await grantFn.CallAsync<byte[]>(chain.Deployer.Address, gas, null, [.. GrantArguments(signed.Message), signed.Signature.ToBytes()]);
        Assert.Equal(signed.Digest, Hash32.FromBytes(grantId));

        var highS = HighS(signed.Signature);
        Assert.Throws<SignatureMalleableException>(() => highS.Recover(signed.Digest.ToBytes()));
        await AssertRevertsWith("AccessControlMalleableSignature()", () => grantFn.CallAsync<byte[]>(chain.Deployer.Address, gas, null, [.. GrantArguments(signed.Message), highS.ToBytes()]));

        var otherChain = Eip712.Sign(Eip712Domain.AccessControl(1, AccessControlDomain.VerifyingContract), signed.Message, patientKey);
        await AssertRevertsWith("AccessControlInvalidSignature()", () => grantFn.CallAsync<byte[]>(chain.Deployer.Address, gas, null, [.. GrantArguments(signed.Message), otherChain.Signature.ToBytes()]));

        var stranger = Eip712.Sign(AccessControlDomain, signed.Message, EthECKey.GenerateKey());
        await AssertRevertsWith("AccessControlInvalidSignature()", () => grantFn.CallAsync<byte[]>(chain.Deployer.Address, gas, null, [.. GrantArguments(signed.Message), stranger.Signature.ToBytes()]));
    }

    /// <summary>The call must revert with exactly this custom error (selector = first 4 bytes of keccak256(signature)).</summary>
    private static async Task AssertRevertsWith(string error, Func<Task> call)
    {
        var selector = Convert.ToHexStringLower(Keccak.Hash(System.Text.Encoding.ASCII.GetBytes(error))[..4]);
        var ex = await Assert.ThrowsAnyAsync<Exception>(call);
        var text = ex switch
        {
            Nethereum.Contracts.SmartContractCustomErrorRevertException custom => custom.ExceptionEncodedData,
            Nethereum.JsonRpc.Client.RpcResponseException rpc => rpc.RpcError?.Data?.ToString() + rpc.Message,
            _ => ex.ToString(),
        };
        Assert.True(text?.Contains(selector, StringComparison.OrdinalIgnoreCase) == true, $"expected revert {error} (0x{selector}), got {ex.GetType().Name}: {text}");
    }

    private static Grant NewGrant(Pseudonym patient, ChainAddress grantee) => new(
        patient, grantee, Hash32.Zero, GrantPurpose.Treatment,
        (ulong)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(), Hash32.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    private static object[] GrantArguments(Grant grant) =>
    [
        grant.Patient.Address.ToString(), grant.Grantee.ToString(), grant.Scope.ToBytes(), (ushort)grant.Purpose, grant.Expiry,
        new System.Numerics.BigInteger(grant.Nonce.ToBytes(), isUnsigned: true, isBigEndian: true),
    ];

    private static EthSignature HighS(EthSignature signature)
    {
        var bytes = signature.ToBytes();
        var s = Secp256k1.N.Subtract(new BigInteger(1, bytes[32..64])).ToByteArrayUnsigned();
        var flipped = bytes.ToArray();
        Array.Clear(flipped, 32, 32);
        s.CopyTo(flipped, 64 - s.Length);
        flipped[64] = (byte)(bytes[64] == 27 ? 28 : 27);
        return EthSignature.FromBytes(flipped);
    }
}
