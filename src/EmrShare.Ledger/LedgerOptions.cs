using System.Numerics;
using EmrShare.Ledger.Transactions;
using Nethereum.Signer;

namespace EmrShare.Ledger;

/// <summary>An account funded at genesis.</summary>
public sealed record GenesisAccount(string Address, BigInteger Balance);

/// <summary>How blocks are produced.</summary>
public enum MiningMode
{
    /// <summary>Every accepted transaction is sealed into its own block before the call returns.</summary>
    Automine,

    /// <summary>Accepted transactions collect in the pending block, sealed every <see cref="LedgerOptions.BlockInterval"/> (or when full).</summary>
    Interval,
}

/// <summary>
/// Genesis and runtime configuration of an embedded ledger. Fees: the base fee is fixed (0 by default — a
/// private PoA chain has no fee market), gas is still fully accounted: senders pay gasUsed × effective gas
/// price, the priority part goes to the sealer, so balances move exactly as on any EIP-1559 chain with that base fee.
/// </summary>
public sealed record LedgerOptions
{
    /// <summary>
    /// The chain id of a new embedded ledger and of the demo unless one is given: the same as Hardhat's and Anvil's
    /// local chains, so a wallet pointed at it sees the usual development network. Deployments choose their own.
    /// </summary>
    public const long DefaultChainId = 31337;

    /// <summary>Chain id (EIP-155); transactions signed for another chain are rejected.</summary>
    public BigInteger ChainId { get; init; } = DefaultChainId;

    /// <summary>The Center's key: signs (seals) every block. Its address is the block's miner.</summary>
    public required string SealerPrivateKey { get; init; }

    public IReadOnlyList<GenesisAccount> Accounts { get; init; } = [];

    public long BlockGasLimit { get; init; } = 30_000_000;

    public BigInteger BaseFeePerGas { get; init; } = BigInteger.Zero;

    /// <summary>What eth_gasPrice suggests; any price ≥ base fee is accepted.</summary>
    public BigInteger GasPrice { get; init; } = 1_000_000_000;

    /// <summary>Unix seconds of block 0 (fixed so the genesis hash is deterministic for a given config).</summary>
    public long GenesisTimestamp { get; init; } = 1_700_000_000;

    /// <summary>SQLite file; null keeps everything in memory (tests, throw-away demos).</summary>
    public string? DatabasePath { get; init; }

    public MiningMode Mining { get; init; } = MiningMode.Automine;

    public TimeSpan BlockInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>geth's txMaxSize: larger raw transactions are refused as "oversized data" (<c>--max-tx-bytes</c>).</summary>
    public int MaxTransactionBytes { get; init; } = 128 * 1024;

    /// <summary>
    /// The lowest effective gas price (at the chain's base fee) the pool accepts; below it "transaction underpriced".
    /// 1 wei by default, so no write is free: every sender pays for the gas its transaction uses.
    /// </summary>
    public BigInteger MinGasPrice { get; init; } = BigInteger.One;

    /// <summary>Who may send transactions (null: anyone with funds). The sealer always may.</summary>
    public ISenderPermission? SenderPermission { get; init; }

    /// <summary>SQLite synchronous=FULL survives power loss; NORMAL (default) survives process crashes (kill -9) and is faster.</summary>
    public bool SyncEveryCommit { get; init; }

    public string SealerAddress => new EthECKey(SealerPrivateKey).GetPublicAddress().ToLowerInvariant();

    /// <summary>The well-known Hardhat/Anvil development keys (mnemonic "test test … junk"), publicly known — dev/test only.</summary>
    public static IReadOnlyList<string> DevPrivateKeys { get; } =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    /// <summary>A development chain: the dev keys funded with 10,000 ETH each (as Hardhat does), sealed by dev key 0.</summary>
    public static LedgerOptions Development(string? databasePath = null, MiningMode mining = MiningMode.Automine) => new()
    {
        SealerPrivateKey = DevPrivateKeys[0],
        Accounts = DevPrivateKeys
            .Select(k => new GenesisAccount(new EthECKey(k).GetPublicAddress().ToLowerInvariant(), BigInteger.Pow(10, 22)))
            .ToList(),
        DatabasePath = databasePath,
        Mining = mining,
    };

    /// <summary>
    /// A standalone JSON-RPC node's chain (used by <c>emrshare ledger</c> and <c>emrshare-ledger</c>): a development
    /// chain persisted in <c>ledger.db</c> under <paramref name="dataDirectory"/>; an interval of 0 means automine.
    /// </summary>
    public static LedgerOptions ForNode(string dataDirectory, BigInteger chainId, int intervalMilliseconds, string? sealerKey)
    {
        var options = Development(
            Path.Combine(dataDirectory, "ledger.db"),
            intervalMilliseconds > 0 ? MiningMode.Interval : MiningMode.Automine) with
        {
            ChainId = chainId,
            BlockInterval = TimeSpan.FromMilliseconds(Math.Max(1, intervalMilliseconds)),
        };
        return sealerKey is null ? options : options with { SealerPrivateKey = sealerKey };
    }
}
