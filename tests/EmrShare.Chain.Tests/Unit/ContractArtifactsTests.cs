namespace EmrShare.Chain.Tests.Unit;

public sealed class ContractArtifactsTests
{
    // Opcodes introduced after Shanghai (Cancun: TLOAD, TSTORE, MCOPY, BLOBHASH, BLOBBASEFEE); nodes limited to
    // Shanghai (Ganache, older Besu/Geth configs) would reject code containing them.
    private static readonly byte[] PostShanghaiOpcodes = [0x5c, 0x5d, 0x5e, 0x49, 0x4a];

    [Fact]
    public void All_FourContracts_LoadWithAbiAndBytecode()
    {
        var names = ContractArtifacts.All.Select(a => a.ContractName).ToArray();
        Assert.Equal(["Registry", "Records", "Index", "AccessControl"], names);
        foreach (var a in ContractArtifacts.All)
        {
            Assert.True(a.Bytecode.Length > 1000 && a.Bytecode.StartsWith("0x", StringComparison.Ordinal), a.ContractName + " bytecode");
            Assert.True(a.AbiJson.StartsWith('[') && a.AbiJson.Contains("\"type\":\"error\"", StringComparison.Ordinal), a.ContractName + " abi");
            Assert.Equal("shanghai", a.EvmVersion);
        }
    }

    [Fact]
    public void Load_UnknownContract_ThrowsWithHint()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ContractArtifacts.Load("Nope"));
        Assert.Contains("compile-contracts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeployedBytecode_EveryContract_HasNoPostShanghaiOpcodes()
    {
        foreach (var artifact in ContractArtifacts.All)
        {
            var code = Convert.FromHexString(artifact.DeployedBytecode[2..]);

            // The CBOR metadata trailer (its length is in the last two bytes) is data, not code.
            var metadataLength = (code[^2] << 8) | code[^1];
            var end = code.Length - metadataLength - 2;
            for (var pc = 0; pc < end; pc++)
            {
                var op = code[pc];
                Assert.False(PostShanghaiOpcodes.Contains(op), $"{artifact.ContractName}: opcode 0x{op:x2} at {pc}");
                if (op is >= 0x60 and <= 0x7f)
                {
                    pc += op - 0x5f; // skip PUSH1..PUSH32 immediate data
                }
            }
        }
    }
}
