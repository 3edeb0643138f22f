using System.Numerics;
using EmrShare.Core.Crypto;
using EmrShare.Nodes;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Hosting;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace EmrShare.Web.Services;

/// <summary>
/// Read-only chain explorer for the Center's Main dashboard and API: status, blocks, transactions and the
/// EmrShare contracts' events with decoded names. It reads through its own throw-away account (reads need no
/// key, the Nethereum client just wants one) so it can never send a transaction as the Center.
/// </summary>
public sealed partial class ChainExplorer
{
    /// <summary>Most blocks one list or event query may cover (keeps a request bounded).</summary>
    public const int MaxBlocksPerQuery = 5_000;

    public const int MaxBlockCount = 100;

    private readonly IWeb3 _web3;
    private readonly CenterActor _actor;
    private readonly EventCatalog _events;

    public ChainExplorer(CenterActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        _actor = actor;
        _web3 = actor.Center.ChainAccessUsed.Connect(Core.HexBytes.ToHex(Secp256k1.NewAccountKey()));
        _events = new EventCatalog(actor.Center.Addresses);
    }

    /// <summary>Chain id, latest block and gas price.</summary>
    public async Task<ChainStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var head = await LatestAsync(cancellationToken).ConfigureAwait(false);
        var gas = await _web3.Eth.GasPrice.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new ChainStatus(_actor.Center.ChainAccessUsed.ChainId, head, gas.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Api.DeploymentInfo.Of(_actor.Center.ChainAccessUsed.ChainId, _actor.Center.Addresses));
    }

    /// <summary>Up to <paramref name="count"/> blocks, newest first, starting at <paramref name="from"/> (default: latest).</summary>
    public async Task<IReadOnlyList<BlockSummary>> GetBlocksAsync(long? from, int count, CancellationToken cancellationToken)
    {
        var input = new InputValidator();
        if (from is < 0)
        {
            input.Add("from", "must not be negative");
        }

        if (count is < 1 or > MaxBlockCount)
        {
            input.Add("count", $"between 1 and {MaxBlockCount}");
        }

        input.ThrowIfInvalid();
        var head = await LatestAsync(cancellationToken).ConfigureAwait(false);
        var start = Math.Min(from ?? head, head);
        var blocks = new List<BlockSummary>();
        for (var n = start; n >= 0 && blocks.Count < count; n--)
        {
            var block = await BlockAsync(n, cancellationToken).ConfigureAwait(false);
            if (block is not null)
            {
                blocks.Add(Summary(block));
            }
        }

        return blocks;
    }

    /// <summary>One block with its transactions, receipts and decoded events (404 past the head).</summary>
    public async Task<BlockDetail> GetBlockAsync(long number, CancellationToken cancellationToken)
    {
        if (number < 0)
        {
            throw new RequestValidationException("number", "must not be negative");
        }

        var block = await BlockAsync(number, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException($"block {number} does not exist yet");
        var logs = await LogsAsync(null, number, number, cancellationToken).ConfigureAwait(false);
        var transactions = new List<TransactionDetail>();
        foreach (var tx in block.Transactions)
        {
            transactions.Add(await DetailAsync(tx, logs, cancellationToken).ConfigureAwait(false));
        }

        return new BlockDetail(Summary(block), block.ParentHash, transactions);
    }

    /// <summary>One transaction with its receipt and decoded events (400 for a malformed hash, 404 if unknown).</summary>
    public async Task<TransactionDetail> GetTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        if (!InputValidator.IsHex(hash, 32))
        {
            throw new RequestValidationException("hash", "must be a 0x-prefixed 32-byte transaction hash");
        }

        var tx = await _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash.ToLowerInvariant()).WaitAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such transaction");
        var block = (long)tx.BlockNumber.Value;
        var logs = await LogsAsync(null, block, block, cancellationToken).ConfigureAwait(false);
        return await DetailAsync(tx, logs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Events of one EmrShare contract (or all four) from <paramref name="fromBlock"/> on, at most
    /// <see cref="MaxBlocksPerQuery"/> blocks and <paramref name="limit"/> events, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<ChainEvent>> GetEventsAsync(string? contract, long fromBlock, int limit, CancellationToken cancellationToken)
    {
        var input = new InputValidator();
        string[]? addresses = null;
        if (!string.IsNullOrEmpty(contract))
        {
            addresses = _events.AddressOf(contract) is { } known ? [known] : null;
            if (addresses is null)
            {
                input.Add("contract", "one of registry, records, index, accessControl or one of their addresses");
            }
        }

        if (fromBlock < 0)
        {
            input.Add("fromBlock", "must not be negative");
        }

        if (limit is < 1 or > 1000)
        {
            input.Add("limit", "between 1 and 1000");
        }

        input.ThrowIfInvalid();
        var head = await LatestAsync(cancellationToken).ConfigureAwait(false);
        if (fromBlock > head)
        {
            return [];
        }

        var to = Math.Min(head, fromBlock + MaxBlocksPerQuery - 1);
        var logs = await LogsAsync(addresses ?? _events.Addresses, fromBlock, to, cancellationToken).ConfigureAwait(false);
        return [.. logs.Take(limit)];
    }

    private async Task<long> LatestAsync(CancellationToken cancellationToken) =>
        (long)(await _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;

    private Task<BlockWithTransactions?> BlockAsync(long number, CancellationToken cancellationToken) =>
        _web3.Eth.Blocks.GetBlockWithTransactionsByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(number))).WaitAsync(cancellationToken)!;

    private async Task<IReadOnlyList<ChainEvent>> LogsAsync(string[]? addresses, long from, long to, CancellationToken cancellationToken, string? topic0 = null)
    {
        var filter = new NewFilterInput
        {
            Address = addresses,
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            Topics = topic0 is null ? null : [topic0],
        };
        var logs = await _web3.Eth.Filters.GetLogs.SendRequestAsync(filter).WaitAsync(cancellationToken).ConfigureAwait(false) ?? [];
        return [.. logs.OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex?.Value ?? BigInteger.Zero).Select(_events.Decode)];
    }

    private async Task<TransactionDetail> DetailAsync(Transaction tx, IReadOnlyList<ChainEvent> blockLogs, CancellationToken cancellationToken)
    {
        var receipt = await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TransactionHash).WaitAsync(cancellationToken).ConfigureAwait(false);
        var events = blockLogs.Where(l => string.Equals(l.TransactionHash, tx.TransactionHash, StringComparison.OrdinalIgnoreCase)).ToList();
        return new TransactionDetail(
            tx.TransactionHash,
            (long)tx.BlockNumber.Value,
            tx.From,
            tx.To,
            tx.To is null ? null : _events.ContractName(tx.To),
            receipt is null ? 0 : (long)receipt.GasUsed.Value,
            receipt?.Status?.Value == BigInteger.One,
            events);
    }

    private static BlockSummary Summary(BlockWithTransactions block) => new(
        (long)block.Number.Value,
        block.BlockHash,
        DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value),
        block.Transactions?.Length ?? 0,
        (long)block.GasUsed.Value,
        (long)block.GasLimit.Value,
        block.Miner);
}
