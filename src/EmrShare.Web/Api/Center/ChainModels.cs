namespace EmrShare.Web.Api.Center;

/// <summary>The chain as the Center sees it: id, head and current gas price (wei).</summary>
public sealed record ChainStatus(long ChainId, long LatestBlock, string GasPriceWei, DeploymentInfo Deployment);

/// <summary>One block in the explorer list.</summary>
public sealed record BlockSummary(long Number, string Hash, DateTimeOffset Timestamp, int TransactionCount, long GasUsed, long GasLimit);

/// <summary>One block with its transactions.</summary>
public sealed record BlockDetail(BlockSummary Block, string ParentHash, IReadOnlyList<TransactionDetail> Transactions);

/// <summary>
/// A transaction with its receipt: who sent it to which contract, gas, status and the EmrShare events it emitted
/// (names decoded from the contracts' ABIs; topics are addresses and ids only — the chain holds no PHI).
/// </summary>
public sealed record TransactionDetail(
    string Hash,
    long BlockNumber,
    string From,
    string? To,
    string? Contract,
    long GasUsed,
    bool Succeeded,
    IReadOnlyList<ChainEvent> Events);

/// <summary>A decoded contract log.</summary>
public sealed record ChainEvent(long BlockNumber, string TransactionHash, long LogIndex, string Address, string? Contract, string Name, IReadOnlyList<string> Topics);
