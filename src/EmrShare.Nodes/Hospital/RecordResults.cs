using EmrShare.Chain;
using EmrShare.Core;

namespace EmrShare.Nodes.Hospital;

/// <summary>A record version created (or amended) and anchored here.</summary>
public sealed record RecordCreated(RecordId RecordId, uint Version, string Cid, Hash32 Commitment, ChainReceipt Anchor);

/// <summary>A record version received from its custodian, verified and stored here.</summary>
public sealed record RecordReceived(RecordId RecordId, uint Version, ChainAddress Custodian, string Cid, ChainReceipt Request, string FulfilmentTransaction, long FulfilmentGasUsed);

/// <summary>A decrypted record as a practitioner reads it.</summary>
public sealed record RecordContent(RecordId RecordId, uint Version, string ContentType, byte[] Content);

/// <summary>An access request this hospital (the grantee) submitted on chain and awaits the custodian's answer to.</summary>
public sealed record PendingRequest(Hash32 RequestId, Hash32 GrantId, RecordId RecordId, ChainAddress Custodian, ChainReceipt Receipt);
