using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.State;
using static EmrShare.Ledger.LedgerHex;

namespace EmrShare.Ledger.Rpc;

/// <summary>The eth_/net_/web3_ methods, each mapped onto <see cref="EmbeddedLedger"/>.</summary>
public sealed class EthMethods
{
    private readonly EmbeddedLedger _ledger;
    private readonly FilterRegistry _filters;

    public EthMethods(EmbeddedLedger ledger, FilterRegistry filters)
    {
        _ledger = ledger;
        _filters = filters;
    }

    public async Task<JsonNode?> InvokeAsync(string method, RpcParams p, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        var options = _ledger.Options;
        switch (method)
        {
            case "web3_clientVersion": return "EmrShare.Ledger/1.0/nethereum-evm-6.1.0";
            case "net_version": return options.ChainId.ToString(CultureInfo.InvariantCulture);
            case "net_listening": return true;
            case "net_peerCount": return "0x0";
            case "eth_chainId": return Quantity(options.ChainId);
            case "eth_syncing": return false;
            case "eth_mining": return options.Mining == MiningMode.Interval;
            case "eth_coinbase": return _ledger.SealerAddress;
            case "eth_accounts": return new JsonArray();
            case "eth_blockNumber": return Quantity(_ledger.Head.Number);
            case "eth_gasPrice": return Quantity(BigInteger.Max(options.GasPrice, options.BaseFeePerGas));
            case "eth_maxPriorityFeePerGas": return Quantity(options.GasPrice);
            case "eth_feeHistory": return FeeHistory(p);
            case "eth_getBalance":
                return Quantity((await _ledger.GetAccountAsync(p.Address(0, "address"), p.Block(1), ct).ConfigureAwait(false)).Balance);
            case "eth_getTransactionCount":
                return Quantity((await _ledger.GetAccountAsync(p.Address(0, "address"), p.Block(1), ct).ConfigureAwait(false)).Nonce);
            case "eth_getCode":
                return Data((await _ledger.GetAccountAsync(p.Address(0, "address"), p.Block(1), ct).ConfigureAwait(false)).Code);
            case "eth_getStorageAt":
                return Data(_ledger.GetStorageAt(p.Address(0, "address"), p.Quantity(1, "slot"), p.Block(2)));
            case "eth_call":
                return Data(await _ledger.CallAsync(p.CallObject(0, options.BlockGasLimit), p.Block(1), ct, StateOverrides.Parse(p[2])).ConfigureAwait(false));
            case "eth_estimateGas":
                return Quantity(await _ledger.EstimateGasAsync(p.CallObject(0, options.BlockGasLimit), p.Block(1), ct, StateOverrides.Parse(p[2])).ConfigureAwait(false));
            case "eth_sendRawTransaction":
                return Data(await _ledger.SendRawTransactionAsync(ParseData(p.String(0, "data"), "data"), ct).ConfigureAwait(false));
            case "eth_getTransactionByHash": return await TransactionByHashAsync(ParseHash(p.String(0, "hash"), "hash"), ct).ConfigureAwait(false);
            case "eth_getTransactionReceipt":
                var receipt = _ledger.GetReceipt(ParseHash(p.String(0, "hash"), "hash"));
                return receipt is null ? null : RpcFormat.Receipt(receipt);
            case "eth_getBlockByNumber":
                return p.Block(0).Kind == BlockTagKind.Pending
                    ? PendingFormat.Block(await _ledger.GetPendingAsync(ct).ConfigureAwait(false), p.OptionalBool(1, "full"))
                    : BlockJson(_ledger.GetBlock(p.Block(0)), p.OptionalBool(1, "full"));
            case "eth_getBlockByHash": return BlockJson(_ledger.GetBlock(ParseHash(p.String(0, "hash"), "hash")), p.OptionalBool(1, "full"));
            case "eth_getBlockTransactionCountByNumber":
                if (p.Block(0).Kind == BlockTagKind.Pending)
                {
                    return Quantity((await _ledger.GetPendingAsync(ct).ConfigureAwait(false)).Transactions.Count);
                }

                var counted = _ledger.GetBlock(p.Block(0));
                return counted is null ? null : Quantity(counted.TransactionHashes.Count);
            case "eth_getBlockTransactionCountByHash":
                var byHash = _ledger.GetBlock(ParseHash(p.String(0, "hash"), "hash"));
                return byHash is null ? null : Quantity(byHash.TransactionHashes.Count);
            case "eth_getTransactionByBlockHashAndIndex":
                return TransactionAt(_ledger.GetBlock(ParseHash(p.String(0, "hash"), "hash")), p.Quantity(1, "index"));
            case "eth_getTransactionByBlockNumberAndIndex":
                return p.Block(0).Kind == BlockTagKind.Pending
                    ? PendingFormat.TransactionAt(await _ledger.GetPendingAsync(ct).ConfigureAwait(false), p.Quantity(1, "index"))
                    : TransactionAt(_ledger.GetBlock(p.Block(0)), p.Quantity(1, "index"));
            case "eth_getBlockReceipts": return BlockReceipts(p);
            case "eth_newPendingTransactionFilter": return _filters.NewPendingTransactionFilter();
            case "eth_getProof":
                throw new LedgerRpcException(RpcErrorCodes.MethodNotFound, "the method eth_getProof is not supported: this ledger keeps no Merkle-Patricia state trie (see docs/ledger.md)");
            case "eth_getLogs": return GetLogs(LogQuery.Parse(p.Object(0, "filter")));
            case "eth_newFilter": return _filters.NewLogFilter(LogQuery.Parse(p.Object(0, "filter")));
            case "eth_newBlockFilter": return _filters.NewBlockFilter();
            case "eth_getFilterChanges": return _filters.Changes(p.String(0, "filter id"));
            case "eth_getFilterLogs": return GetLogs(_filters.LogQueryOf(p.String(0, "filter id")));
            case "eth_uninstallFilter": return _filters.Uninstall(p.String(0, "filter id"));
            default:
                throw new LedgerRpcException(RpcErrorCodes.MethodNotFound, $"the method {method} does not exist/is not available");
        }
    }

    private JsonObject? BlockJson(LedgerBlock? block, bool full) =>
        block is null ? null : RpcFormat.Block(block, full ? _ledger.GetTransactions(block.Number) : null);

    private async Task<JsonObject?> TransactionByHashAsync(byte[] hash, CancellationToken ct)
    {
        var tx = _ledger.GetTransaction(hash);
        var receipt = tx is null ? null : _ledger.GetReceipt(hash);
        if (tx is null || receipt is null)
        {
            // Accepted, not durable yet (in the pending block or the pool, or sealed into a block waiting for its
            // commit): shown as geth shows a pool transaction (no block, no index). Looked up in that order, and
            // once more among the durable ones, so a transaction moving along meanwhile is never missed.
            var waiting = (await _ledger.GetPendingAsync(ct).ConfigureAwait(false)).Find(hash) ?? _ledger.FindSealedNotDurable(hash);
            if (waiting is not null)
            {
                return RpcFormat.Transaction(waiting, null, null);
            }

            tx = _ledger.GetTransaction(hash);
            receipt = tx is null ? null : _ledger.GetReceipt(hash);
            if (tx is null || receipt is null)
            {
                return null;
            }
        }

        var block = _ledger.GetBlock(BlockTag.At(receipt.BlockNumber));
        return RpcFormat.Transaction(tx, block, receipt.TransactionIndex, receipt.EffectiveGasPrice);
    }

    private JsonObject? TransactionAt(LedgerBlock? block, BigInteger index)
    {
        if (block is null || index < 0 || index >= block.TransactionHashes.Count)
        {
            return null;
        }

        var i = (int)index;
        return RpcFormat.Transaction(_ledger.GetTransactions(block.Number)[i], block, i, _ledger.GetReceipts(block.Number)[i].EffectiveGasPrice);
    }

    private JsonArray? BlockReceipts(RpcParams p)
    {
        var block = p[0] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length == 66
            ? _ledger.GetBlock(ParseHash(text, "block hash"))
            : p.Block(0).Kind == BlockTagKind.Pending ? null : _ledger.GetBlock(p.Block(0));
        if (block is null)
        {
            return null;
        }

        var receipts = new JsonArray();
        foreach (var receipt in _ledger.GetReceipts(block.Number))
        {
            receipts.Add(RpcFormat.Receipt(receipt));
        }

        return receipts;
    }

    private JsonArray GetLogs(LogQuery query)
    {
        if (query.BlockHash is not null)
        {
            var block = _ledger.GetBlock(query.BlockHash) ?? throw new LedgerRpcException("unknown block");
            return query.Run(_ledger, block.Number, block.Number);
        }

        var head = _ledger.Head.Number;
        var from = Resolve(query.From, head);
        var to = Resolve(query.To, head);
        if (from > to)
        {
            return [];
        }

        return query.Run(_ledger, from, Math.Min(to, head));
    }

    private static long Resolve(BlockTag tag, long head) => tag.Kind == BlockTagKind.Number ? tag.Number : head;

    private JsonObject FeeHistory(RpcParams p)
    {
        var count = (long)BigInteger.Min(1024, p[0] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.TryGetValue<long>(out var plain)
            ? plain
            : p.Quantity(0, "blockCount"));
        if (count < 1)
        {
            throw RpcParams.Invalid("blockCount must be at least 1");
        }

        var newest = _ledger.GetBlock(p.Block(1)) ?? throw new LedgerRpcException("header not found");
        var oldest = Math.Max(0, newest.Number - count + 1);
        var percentiles = p[2] as JsonArray;
        var baseFees = new JsonArray();
        var ratios = new JsonArray();
        var rewards = new JsonArray();
        for (var n = oldest; n <= newest.Number; n++)
        {
            var block = _ledger.GetBlock(BlockTag.At(n))!;
            baseFees.Add(Quantity(block.BaseFeePerGas));
            ratios.Add(block.GasLimit == 0 ? 0.0 : (double)block.GasUsed / block.GasLimit);
            var reward = new JsonArray();
            foreach (var _ in percentiles ?? [])
            {
                reward.Add(Quantity(_ledger.Options.GasPrice));
            }

            rewards.Add(reward);
        }

        // The base fee is fixed on this chain, so the next block's equals the newest one's.
        baseFees.Add(Quantity(newest.BaseFeePerGas));
        var result = new JsonObject { ["oldestBlock"] = Quantity(oldest), ["baseFeePerGas"] = baseFees, ["gasUsedRatio"] = ratios };
        if (percentiles is not null)
        {
            result["reward"] = rewards;
        }

        return result;
    }
}
