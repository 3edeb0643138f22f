using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EmrShare.Chain.Messages;

#pragma warning disable CA1819 // ABI DTOs carry byte arrays by design.

[Event("GrantCreated")]
public sealed class GrantCreatedEvent : IEventDTO
{
    [Parameter("bytes32", "grantId", 1, true)] public byte[] GrantId { get; set; } = [];
    [Parameter("address", "patient", 2, true)] public string Patient { get; set; } = string.Empty;
    [Parameter("address", "grantee", 3, true)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bytes32", "scope", 4, false)] public byte[] Scope { get; set; } = [];
    [Parameter("uint16", "purpose", 5, false)] public ushort Purpose { get; set; }
    [Parameter("uint64", "expiry", 6, false)] public ulong Expiry { get; set; }
}

[Event("GrantRevoked")]
public sealed class GrantRevokedEvent : IEventDTO
{
    [Parameter("bytes32", "grantId", 1, true)] public byte[] GrantId { get; set; } = [];
    [Parameter("address", "patient", 2, true)] public string Patient { get; set; } = string.Empty;
}

[Event("AccessRequested")]
public sealed class AccessRequestedEvent : IEventDTO
{
    [Parameter("bytes32", "requestId", 1, true)] public byte[] RequestId { get; set; } = [];
    [Parameter("address", "patient", 2, true)] public string Patient { get; set; } = string.Empty;
    [Parameter("address", "grantee", 3, true)] public string Grantee { get; set; } = string.Empty;
    [Parameter("bytes32", "grantId", 4, false)] public byte[] GrantId { get; set; } = [];
    [Parameter("bytes32", "recordId", 5, false)] public byte[] RecordId { get; set; } = [];
    [Parameter("address", "custodian", 6, false)] public string Custodian { get; set; } = string.Empty;
}

[Event("AccessFulfilled")]
public sealed class AccessFulfilledEvent : IEventDTO
{
    [Parameter("bytes32", "requestId", 1, true)] public byte[] RequestId { get; set; } = [];
    [Parameter("address", "patient", 2, true)] public string Patient { get; set; } = string.Empty;
    [Parameter("address", "custodian", 3, true)] public string Custodian { get; set; } = string.Empty;
    [Parameter("bytes32", "grantId", 4, false)] public byte[] GrantId { get; set; } = [];
    [Parameter("bytes32", "deliveryHash", 5, false)] public byte[] DeliveryHash { get; set; } = [];
}

[Event("BreakGlassAccessed")]
public sealed class BreakGlassAccessedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = string.Empty;
    [Parameter("address", "practitioner", 2, true)] public string Practitioner { get; set; } = string.Empty;
    [Parameter("address", "hospital", 3, true)] public string Hospital { get; set; } = string.Empty;
    [Parameter("bytes32", "recordId", 4, false)] public byte[] RecordId { get; set; } = [];
    [Parameter("uint16", "reasonCode", 5, false)] public ushort ReasonCode { get; set; }
}

[Event("AccessRecorded")]
public sealed class AccessRecordedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = string.Empty;
    [Parameter("address", "hospital", 2, true)] public string Hospital { get; set; } = string.Empty;
    [Parameter("bytes32", "recordId", 3, true)] public byte[] RecordId { get; set; } = [];
    [Parameter("uint8", "action", 4, false)] public byte Action { get; set; }
}

[Event("RecordAnchored")]
public sealed class RecordAnchoredEvent : IEventDTO
{
    [Parameter("address", "hospital", 1, true)] public string Hospital { get; set; } = string.Empty;
    [Parameter("bytes32", "recordId", 2, true)] public byte[] RecordId { get; set; } = [];
    [Parameter("uint32", "version", 3, false)] public uint Version { get; set; }
    [Parameter("bytes32", "commitment", 4, false)] public byte[] Commitment { get; set; } = [];
}

[Event("IndexAnchored")]
public sealed class IndexAnchoredEvent : IEventDTO
{
    [Parameter("address", "account", 1, true)] public string Account { get; set; } = string.Empty;
    [Parameter("uint64", "sequence", 2, true)] public ulong Sequence { get; set; }
    [Parameter("bytes32", "indexHash", 3, false)] public byte[] IndexHash { get; set; } = [];
}
