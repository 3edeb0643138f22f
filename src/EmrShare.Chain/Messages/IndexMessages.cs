using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace EmrShare.Chain.Messages;

#pragma warning disable CA1819 // ABI DTOs carry byte arrays by design.

public sealed class IndexDeployment() : ContractDeploymentMessage(ContractArtifacts.Index.Bytecode)
{
    [Parameter("address", "registry_", 1)] public string Registry { get; set; } = string.Empty;
}

[Function("anchorIndex")]
public sealed class AnchorIndexFunction : FunctionMessage
{
    [Parameter("bytes32", "indexHash", 1)] public byte[] IndexHash { get; set; } = new byte[32];
    [Parameter("uint64", "sequence", 2)] public ulong Sequence { get; set; }
}

[Function("latestIndex", typeof(LatestIndexOutput))]
public sealed class LatestIndexFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = string.Empty;
}

[FunctionOutput]
public sealed class LatestIndexOutput : IFunctionOutputDTO
{
    [Parameter("bytes32", "indexHash", 1)] public byte[] IndexHash { get; set; } = [];
    [Parameter("uint64", "sequence", 2)] public ulong Sequence { get; set; }
}

[Function("indexHashAt", "bytes32")]
public sealed class IndexHashAtFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = string.Empty;
    [Parameter("uint64", "sequence", 2)] public ulong Sequence { get; set; }
}
