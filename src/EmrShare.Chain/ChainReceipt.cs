using System.Numerics;

namespace EmrShare.Chain;

/// <summary>A mined, successful transaction: what callers need for audit trails and gas tables.</summary>
public sealed record ChainReceipt(string TransactionHash, BigInteger BlockNumber, BigInteger GasUsed);
