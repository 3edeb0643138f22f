using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace EmrShare.Chain.Messages;

#pragma warning disable CA1819 // ABI DTOs carry byte arrays by design.

public sealed class RecordsDeployment() : ContractDeploymentMessage(ContractArtifacts.Records.Bytecode)
{
    [Parameter("address", "registry_", 1)] public string Registry { get; set; } = string.Empty;
}

[Function("anchorRecord")]
public sealed class AnchorRecordFunction : FunctionMessage
{
    [Parameter("bytes32", "recordId", 1)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("uint32", "version", 2)] public uint Version { get; set; }
    [Parameter("bytes32", "commitment", 3)] public byte[] Commitment { get; set; } = new byte[32];
    [Parameter("bytes32", "previousCommitment", 4)] public byte[] PreviousCommitment { get; set; } = new byte[32];
}

[Function("anchorBatch")]
public sealed class AnchorBatchFunction : FunctionMessage
{
    [Parameter("bytes32", "root", 1)] public byte[] Root { get; set; } = new byte[32];
    [Parameter("uint32", "count", 2)] public uint Count { get; set; }
}

[Function("commitmentOf", "bytes32")]
public sealed class CommitmentOfFunction : FunctionMessage
{
    [Parameter("address", "hospital", 1)] public string Hospital { get; set; } = string.Empty;
    [Parameter("bytes32", "recordId", 2)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("uint32", "version", 3)] public uint Version { get; set; }
}

[Function("batchSize", "uint32")]
public sealed class BatchSizeFunction : FunctionMessage
{
    [Parameter("address", "hospital", 1)] public string Hospital { get; set; } = string.Empty;
    [Parameter("bytes32", "root", 2)] public byte[] Root { get; set; } = new byte[32];
}

[Function("verifyBatchRecord", "bool")]
public sealed class VerifyBatchRecordFunction : FunctionMessage
{
    [Parameter("address", "hospital", 1)] public string Hospital { get; set; } = string.Empty;
    [Parameter("bytes32", "root", 2)] public byte[] Root { get; set; } = new byte[32];
    [Parameter("bytes32", "recordId", 3)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("uint32", "version", 4)] public uint Version { get; set; }
    [Parameter("bytes32", "commitment", 5)] public byte[] Commitment { get; set; } = new byte[32];
    [Parameter("bytes32[]", "proof", 6)] public List<byte[]> Proof { get; set; } = [];
}

[Function("batchLeaf", "bytes32")]
public sealed class BatchLeafFunction : FunctionMessage
{
    [Parameter("bytes32", "recordId", 1)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("uint32", "version", 2)] public uint Version { get; set; }
    [Parameter("bytes32", "commitment", 3)] public byte[] Commitment { get; set; } = new byte[32];
}

[Function("domainSeparator", "bytes32")]
public sealed class DomainSeparatorFunction : FunctionMessage;

[Function("MANIFEST_TYPEHASH", "bytes32")]
public sealed class ManifestTypeHashFunction : FunctionMessage;

[Function("registry", "address")]
public sealed class MirrorRegistryFunction : FunctionMessage;
