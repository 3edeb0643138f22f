namespace EmrShare.Web.Api.Center;

/// <summary>The chain as the Center sees it: id, head and current gas price (wei).</summary>
public sealed record ChainStatus(long ChainId, long LatestBlock, string GasPriceWei, DeploymentInfo Deployment);

/// <summary>One block in the explorer list; <see cref="Sealer"/> is the account that sealed it (the Center on the embedded chain).</summary>
public sealed record BlockSummary(long Number, string Hash, DateTimeOffset Timestamp, int TransactionCount, long GasUsed, long GasLimit, string? Sealer = null);

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

/// <summary>A decoded contract log: its event name and its arguments decoded from the ABI (empty when the log does not match it).</summary>
public sealed record ChainEvent(long BlockNumber, string TransactionHash, long LogIndex, string Address, string? Contract, string Name, IReadOnlyList<string> Topics, IReadOnlyList<EventArgument> Arguments);

/// <summary>
/// One decoded event argument: its ABI name and type, its value (addresses lower-case hex, numbers in decimal) and
/// what it is (<see cref="ArgumentKinds"/>), so the explorer labels and links it.
/// </summary>
public sealed record EventArgument(string Name, string Type, string Value, string Kind);

/// <summary>The kinds of <see cref="EventArgument"/>: which parties and ids an event names.</summary>
public static class ArgumentKinds
{
    public const string Hospital = "hospital";
    public const string Practitioner = "practitioner";

    /// <summary>A patient's per-hospital pseudonym: shown as such, never linked to the patient's other pseudonyms.</summary>
    public const string Pseudonym = "patient pseudonym";

    public const string IndexAccount = "patient index account";
    public const string Address = "address";
    public const string Record = "record id";
    public const string Grant = "grant id";
    public const string Request = "request id";
    public const string Number = "number";
    public const string Value = "value";
}

/// <summary>A transaction in a feed or an address page: hash, block, time, sender, target contract and its events' names.</summary>
public sealed record TransactionSummary(string Hash, long BlockNumber, DateTimeOffset Timestamp, string From, string? To, string? Contract, bool Succeeded, IReadOnlyList<string> EventNames);

/// <summary>
/// An address page: what the address is (<see cref="AddressRoles"/>), its status in the Registry, the hospital a
/// practitioner works for, and its recent transactions and the EmrShare events naming it (newest first).
/// </summary>
public sealed record AddressDetail(string Address, string Role, bool? Active, string? Hospital, IReadOnlyList<TransactionSummary> Transactions, IReadOnlyList<ChainEvent> Events);

/// <summary>What an address is on the EmrShare chain.</summary>
public static class AddressRoles
{
    public const string Center = "Blockchain Center";
    public const string Hospital = "hospital";
    public const string Practitioner = "practitioner";
    public const string Pseudonym = ArgumentKinds.Pseudonym;
    public const string Contract = "contract";
    public const string Account = "account";
}
