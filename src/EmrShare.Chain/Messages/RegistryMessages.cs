using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace EmrShare.Chain.Messages;

#pragma warning disable CA1819 // ABI DTOs carry byte arrays by design.

public sealed class RegistryDeployment() : ContractDeploymentMessage(ContractArtifacts.Registry.Bytecode)
{
    [Parameter("address", "center", 1)] public string Center { get; set; } = string.Empty;
}

[Function("bindMirrors")]
public sealed class BindMirrorsFunction : FunctionMessage
{
    [Parameter("address", "records", 1)] public string Records { get; set; } = string.Empty;
    [Parameter("address", "index", 2)] public string Index { get; set; } = string.Empty;
    [Parameter("address", "accessControl", 3)] public string AccessControl { get; set; } = string.Empty;
}

[Function("registerHospital")]
public sealed class RegisterHospitalFunction : FunctionMessage
{
    [Parameter("address", "hospital", 1)] public string Hospital { get; set; } = string.Empty;
    [Parameter("bytes", "encryptionKey", 2)] public byte[] EncryptionKey { get; set; } = [];
    [Parameter("bytes32", "nameHash", 3)] public byte[] NameHash { get; set; } = new byte[32];
}

[Function("deactivateHospital")]
public sealed class DeactivateHospitalFunction : FunctionMessage
{
    [Parameter("address", "hospital", 1)] public string Hospital { get; set; } = string.Empty;
}

[Function("registerPractitioner")]
public sealed class RegisterPractitionerFunction : FunctionMessage
{
    [Parameter("address", "practitioner", 1)] public string Practitioner { get; set; } = string.Empty;
    [Parameter("address", "hospital", 2)] public string Hospital { get; set; } = string.Empty;
}

[Function("deactivatePractitioner")]
public sealed class DeactivatePractitionerFunction : FunctionMessage
{
    [Parameter("address", "practitioner", 1)] public string Practitioner { get; set; } = string.Empty;
}

[Function("registerPatient")]
public sealed class RegisterPatientFunction : FunctionMessage
{
    [Parameter("bytes32", "identityCommitment", 1)] public byte[] IdentityCommitment { get; set; } = new byte[32];
}

[Function("registerPseudonyms")]
public sealed class RegisterPseudonymsFunction : FunctionMessage
{
    [Parameter("address[]", "pseudonyms", 1)] public List<string> Pseudonyms { get; set; } = [];
}

[Function("transferOwnership")]
public sealed class TransferOwnershipFunction : FunctionMessage
{
    [Parameter("address", "newOwner", 1)] public string NewOwner { get; set; } = string.Empty;
}

[Function("acceptOwnership")]
public sealed class AcceptOwnershipFunction : FunctionMessage;

[Function("renounceOwnership")]
public sealed class RenounceOwnershipFunction : FunctionMessage;

[Function("owner", "address")]
public sealed class OwnerFunction : FunctionMessage;

[Function("pendingOwner", "address")]
public sealed class PendingOwnerFunction : FunctionMessage;

[Function("hospitalOf", typeof(HospitalOutput))]
public sealed class HospitalOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = string.Empty;
}

[FunctionOutput]
public sealed class HospitalOutput : IFunctionOutputDTO
{
    [Parameter("bytes", "encryptionKey", 1)] public byte[] EncryptionKey { get; set; } = [];
    [Parameter("bytes32", "nameHash", 2)] public byte[] NameHash { get; set; } = [];
    [Parameter("bool", "active", 3)] public bool Active { get; set; }
}

[Function("isActiveHospital", "bool")]
public sealed class IsActiveHospitalFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = string.Empty;
}

[Function("practitionerOf", typeof(PractitionerOutput))]
public sealed class PractitionerOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = string.Empty;
}

[FunctionOutput]
public sealed class PractitionerOutput : IFunctionOutputDTO
{
    [Parameter("address", "employer", 1)] public string Employer { get; set; } = string.Empty;
    [Parameter("bool", "active", 2)] public bool Active { get; set; }
}

[Function("isPatientRegistered", "bool")]
public sealed class IsPatientRegisteredFunction : FunctionMessage
{
    [Parameter("bytes32", "identityCommitment", 1)] public byte[] IdentityCommitment { get; set; } = new byte[32];
}

[Function("isPatientPseudonym", "bool")]
public sealed class IsPatientPseudonymFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = string.Empty;
}

[Function("mirrors", typeof(MirrorsOutput))]
public sealed class MirrorsFunction : FunctionMessage;

[FunctionOutput]
public sealed class MirrorsOutput : IFunctionOutputDTO
{
    [Parameter("address", "records", 1)] public string Records { get; set; } = string.Empty;
    [Parameter("address", "index", 2)] public string Index { get; set; } = string.Empty;
    [Parameter("address", "accessControl", 3)] public string AccessControl { get; set; } = string.Empty;
}

[Function("mirrorMembers")]
public sealed class MirrorMembersFunction : FunctionMessage
{
    [Parameter("address[]", "accounts", 1)] public List<string> Accounts { get; set; } = [];
    [Parameter("uint256", "member", 2)] public BigInteger Member { get; set; }
}
