using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace EmrShare.Chain.Messages;

#pragma warning disable CA1819 // ABI DTOs carry byte arrays by design.

[Function("requestEmergencyAccess", "bytes32")]
public sealed class RequestEmergencyAccessFunction : FunctionMessage
{
    [Parameter("address", "custodian", 1)] public string Custodian { get; set; } = string.Empty;
    [Parameter("bytes32", "recordId", 2)] public byte[] RecordId { get; set; } = new byte[32];
    [Parameter("uint16", "reasonCode", 3)] public ushort ReasonCode { get; set; }
}

[Function("recordEmergencyFulfilment")]
public sealed class RecordEmergencyFulfilmentFunction : FunctionMessage
{
    [Parameter("bytes32", "requestId", 1)] public byte[] RequestId { get; set; } = new byte[32];
    [Parameter("address", "patientPseudonym", 2)] public string PatientPseudonym { get; set; } = string.Empty;
    [Parameter("bytes32", "deliveryHash", 3)] public byte[] DeliveryHash { get; set; } = new byte[32];
}

[Function("emergencyOf", typeof(EmergencyOutput))]
public sealed class EmergencyOfFunction : FunctionMessage
{
    [Parameter("bytes32", "requestId", 1)] public byte[] RequestId { get; set; } = new byte[32];
}

[FunctionOutput]
public sealed class EmergencyOutput : IFunctionOutputDTO
{
    [Parameter("address", "practitioner", 1)] public string Practitioner { get; set; } = string.Empty;
    [Parameter("uint16", "reasonCode", 2)] public ushort ReasonCode { get; set; }
}

[Event("EmergencyAccessRequested")]
public sealed class EmergencyAccessRequestedEvent : IEventDTO
{
    [Parameter("bytes32", "requestId", 1, true)] public byte[] RequestId { get; set; } = [];
    [Parameter("address", "hospital", 2, true)] public string Hospital { get; set; } = string.Empty;
    [Parameter("address", "custodian", 3, true)] public string Custodian { get; set; } = string.Empty;
    [Parameter("address", "practitioner", 4, false)] public string Practitioner { get; set; } = string.Empty;
    [Parameter("bytes32", "recordId", 5, false)] public byte[] RecordId { get; set; } = [];
    [Parameter("uint16", "reasonCode", 6, false)] public ushort ReasonCode { get; set; }
}
