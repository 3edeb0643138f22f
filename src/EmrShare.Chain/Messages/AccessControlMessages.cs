using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace EmrShare.Chain.Messages;

#pragma warning disable CA1819 // ABI DTOs carry byte arrays by design.

public sealed class AccessControlDeployment() : ContractDeploymentMessage(ContractArtifacts.AccessControl.Bytecode)
{
    [Parameter("address", "registry_", 1)] public string Registry { get; set; } = string.Empty;
    [Parameter("address", "records_", 2)] public string Records { get; set; } = string.Empty;
}

[Function("grant", "bytes32")]
public sealed class GrantFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = string.Empty;
    [Parameter("address", "grantee", 2)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bytes32", "scope", 3)] public byte[] Scope { get; set; } = new byte[32];
    [Parameter("uint16", "purpose", 4)] public ushort Purpose { get; set; }
    [Parameter("uint64", "expiry", 5)] public ulong Expiry { get; set; }
    [Parameter("uint256", "nonce", 6)] public BigInteger GrantNonce { get; set; }
    [Parameter("bytes", "signature", 7)] public byte[] Signature { get; set; } = [];
}

[Function("revoke")]
public sealed class RevokeFunction : FunctionMessage
{
    [Parameter("address", "grantee", 1)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bytes32", "grantId", 2)] public byte[] GrantId { get; set; } = new byte[32];
    [Parameter("bytes32", "scope", 3)] public byte[] Scope { get; set; } = new byte[32];
}

[Function("revokeBySig")]
public sealed class RevokeBySigFunction : FunctionMessage
{
    [Parameter("address", "grantee", 1)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bytes32", "grantId", 2)] public byte[] GrantId { get; set; } = new byte[32];
    [Parameter("bytes32", "scope", 3)] public byte[] Scope { get; set; } = new byte[32];
    [Parameter("bytes", "signature", 4)] public byte[] Signature { get; set; } = [];
}

[Function("requestAccess", "bytes32")]
public sealed class RequestAccessFunction : FunctionMessage
{
    [Parameter("bytes32", "grantId", 1)] public byte[] GrantId { get; set; } = new byte[32];
    [Parameter("bytes32", "scope", 2)] public byte[] Scope { get; set; } = new byte[32];
    [Parameter("bytes32", "recordId", 3)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("address", "custodian", 4)] public string Custodian { get; set; } = string.Empty;
    [Parameter("bytes32[]", "proof", 5)] public List<byte[]> Proof { get; set; } = [];
}

[Function("recordFulfilment")]
public sealed class RecordFulfilmentFunction : FunctionMessage
{
    [Parameter("bytes32", "requestId", 1)] public byte[] RequestId { get; set; } = new byte[32];
    [Parameter("bytes32", "deliveryHash", 2)] public byte[] DeliveryHash { get; set; } = new byte[32];
}

[Function("recordFulfilments")]
public sealed class RecordFulfilmentsFunction : FunctionMessage
{
    [Parameter("bytes32[]", "requestIds", 1)] public List<byte[]> RequestIds { get; set; } = [];
    [Parameter("bytes32[]", "deliveryHashes", 2)] public List<byte[]> DeliveryHashes { get; set; } = [];
}

[Function("breakGlass")]
public sealed class BreakGlassFunction : FunctionMessage
{
    [Parameter("address", "patientPseudonym", 1)] public string PatientPseudonym { get; set; } = string.Empty;
    [Parameter("bytes32", "recordId", 2)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("uint16", "reasonCode", 3)] public ushort ReasonCode { get; set; }
}

[Function("recordAccess")]
public sealed class RecordAccessFunction : FunctionMessage
{
    [Parameter("address", "patientPseudonym", 1)] public string PatientPseudonym { get; set; } = string.Empty;
    [Parameter("bytes32", "recordId", 2)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("uint8", "action", 3)] public byte Action { get; set; }
}

[Function("hasAccess", "bool")]
public sealed class HasAccessFunction : FunctionMessage
{
    [Parameter("address", "grantee", 1)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bytes32", "grantId", 2)] public byte[] GrantId { get; set; } = new byte[32];
    [Parameter("bytes32", "scope", 3)] public byte[] Scope { get; set; } = new byte[32];
    [Parameter("bytes32", "recordId", 4)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("bytes32[]", "proof", 5)] public List<byte[]> Proof { get; set; } = [];
}

[Function("grantOf", typeof(GrantOutput))]
public sealed class GrantOfFunction : FunctionMessage
{
    [Parameter("address", "grantee", 1)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bytes32", "grantId", 2)] public byte[] GrantId { get; set; } = new byte[32];
    [Parameter("bytes32", "scope", 3)] public byte[] Scope { get; set; } = new byte[32];
}

[FunctionOutput]
public sealed class GrantOutput : IFunctionOutputDTO
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = string.Empty;
    [Parameter("uint16", "purpose", 2)] public ushort Purpose { get; set; }
    [Parameter("uint64", "expiry", 3)] public ulong Expiry { get; set; }
    [Parameter("bool", "revoked", 4)] public bool Revoked { get; set; }
}

[Function("requestOf", typeof(RequestOutput))]
public sealed class RequestOfFunction : FunctionMessage
{
    [Parameter("bytes32", "requestId", 1)] public byte[] RequestId { get; set; } = new byte[32];
}

[FunctionOutput]
public sealed class RequestOutput : IFunctionOutputDTO
{
    [Parameter("bytes32", "grantId", 1)] public byte[] GrantId { get; set; } = [];
    [Parameter("bytes32", "scope", 2)] public byte[] Scope { get; set; } = [];
    [Parameter("bytes32", "recordId", 3)] public byte[] RecordId { get; set; } = [];
    [Parameter("address", "grantee", 4)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bool", "fulfilled", 5)] public bool Fulfilled { get; set; }
    [Parameter("address", "custodian", 6)] public string Custodian { get; set; } = string.Empty;
}

[Function("grantDigest", "bytes32")]
public sealed class GrantDigestFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = string.Empty;
    [Parameter("address", "grantee", 2)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bytes32", "scope", 3)] public byte[] Scope { get; set; } = new byte[32];
    [Parameter("uint16", "purpose", 4)] public ushort Purpose { get; set; }
    [Parameter("uint64", "expiry", 5)] public ulong Expiry { get; set; }
    [Parameter("uint256", "nonce", 6)] public BigInteger GrantNonce { get; set; }
}

[Function("revokeDigest", "bytes32")]
public sealed class RevokeDigestFunction : FunctionMessage
{
    [Parameter("bytes32", "grantId", 1)] public byte[] GrantId { get; set; } = new byte[32];
}

[Function("scopeLeaf", "bytes32")]
public sealed class ScopeLeafFunction : FunctionMessage
{
    [Parameter("bytes32", "recordId", 1)] public byte[] RecordId { get; set; } = new byte[32];
}

[Function("GRANT_TYPEHASH", "bytes32")]
public sealed class GrantTypeHashFunction : FunctionMessage;

[Function("REVOKE_TYPEHASH", "bytes32")]
public sealed class RevokeTypeHashFunction : FunctionMessage;

[Function("ACCESS_REQUEST_TYPEHASH", "bytes32")]
public sealed class AccessRequestTypeHashFunction : FunctionMessage;
