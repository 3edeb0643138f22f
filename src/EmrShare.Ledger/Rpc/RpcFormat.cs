using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Transactions;
using static EmrShare.Ledger.LedgerHex;

namespace EmrShare.Ledger.Rpc;

/// <summary>Ethereum JSON-RPC shapes of blocks, transactions, receipts and logs (as geth emits them).</summary>
public static class RpcFormat
{
    public static JsonObject Block(LedgerBlock block, IReadOnlyList<LedgerTransaction>? fullTransactions)
    {
        ArgumentNullException.ThrowIfNull(block);
        var transactions = new JsonArray();
        if (fullTransactions is not null)
        {
            for (var i = 0; i < fullTransactions.Count; i++)
            {
                transactions.Add(Transaction(fullTransactions[i], block, i));
            }
        }
        else
        {
            foreach (var hash in block.TransactionHashes)
            {
                transactions.Add(Data(hash));
            }
        }

        return new JsonObject
        {
            ["number"] = Quantity(block.Number),
            ["hash"] = Data(block.Hash),
            ["parentHash"] = Data(block.ParentHash),
            ["sha3Uncles"] = Data(Sealing.BlockHeaderCodec.EmptyUnclesHash),
            ["miner"] = block.Miner,
            ["stateRoot"] = Data(block.StateRoot),
            ["transactionsRoot"] = Data(block.TransactionsRoot),
            ["receiptsRoot"] = Data(block.ReceiptsRoot),
            ["logsBloom"] = Data(block.LogsBloom),
            ["difficulty"] = "0x1",
            ["totalDifficulty"] = Quantity(block.Number + 1),
            ["gasLimit"] = Quantity(block.GasLimit),
            ["gasUsed"] = Quantity(block.GasUsed),
            ["timestamp"] = Quantity(block.Timestamp),
            ["extraData"] = Data(block.ExtraData),
            ["mixHash"] = Data(new byte[32]),
            ["nonce"] = "0x0000000000000000",
            ["baseFeePerGas"] = Quantity(block.BaseFeePerGas),
            ["size"] = Quantity(block.Size),
            ["transactions"] = transactions,
            ["uncles"] = new JsonArray(),
        };
    }

    /// <summary>
    /// The block header as geth sends it in a <c>newHeads</c> notification: the block's fields without
    /// <c>transactions</c>, <c>uncles</c>, <c>size</c> and <c>totalDifficulty</c>.
    /// </summary>
    public static JsonObject Header(LedgerBlock block)
    {
        var header = Block(block, null);
        foreach (var bodyOnly in (string[])["transactions", "uncles", "size", "totalDifficulty"])
        {
            header.Remove(bodyOnly);
        }

        return header;
    }

    public static JsonObject Transaction(LedgerTransaction tx, LedgerBlock? block, int? index, System.Numerics.BigInteger? effectiveGasPrice = null)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var json = new JsonObject
        {
            ["hash"] = Data(tx.Hash),
            ["type"] = Quantity(tx.Type),
            ["nonce"] = Quantity(tx.Nonce),
            ["blockHash"] = block is null ? null : Data(block.Hash),
            ["blockNumber"] = block is null ? null : Quantity(block.Number),
            ["transactionIndex"] = index is null ? null : Quantity(index.Value),
            ["from"] = tx.From,
            ["to"] = tx.To,
            ["value"] = Quantity(tx.Value),
            ["gas"] = Quantity(tx.GasLimit),
            ["gasPrice"] = Quantity(effectiveGasPrice ?? tx.GasPrice),
            ["input"] = Data(tx.Input),
            ["chainId"] = Quantity(tx.ChainId),
            ["v"] = Quantity(tx.V),
            ["r"] = Quantity(new System.Numerics.BigInteger(tx.R, isUnsigned: true, isBigEndian: true)),
            ["s"] = Quantity(new System.Numerics.BigInteger(tx.S, isUnsigned: true, isBigEndian: true)),
        };
        if (tx.IsEip1559)
        {
            json["maxFeePerGas"] = Quantity(tx.MaxFeePerGas ?? 0);
            json["maxPriorityFeePerGas"] = Quantity(tx.MaxPriorityFeePerGas ?? 0);
            json["accessList"] = new JsonArray();
            json["yParity"] = Quantity(tx.V);
        }

        return json;
    }

    public static JsonObject Receipt(LedgerReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var logs = new JsonArray();
        foreach (var log in receipt.Logs)
        {
            logs.Add(Log(log, receipt));
        }

        return new JsonObject
        {
            ["transactionHash"] = Data(receipt.TransactionHash),
            ["transactionIndex"] = Quantity(receipt.TransactionIndex),
            ["blockHash"] = Data(receipt.BlockHash),
            ["blockNumber"] = Quantity(receipt.BlockNumber),
            ["from"] = receipt.From,
            ["to"] = receipt.To,
            ["cumulativeGasUsed"] = Quantity(receipt.CumulativeGasUsed),
            ["gasUsed"] = Quantity(receipt.GasUsed),
            ["effectiveGasPrice"] = Quantity(receipt.EffectiveGasPrice),
            ["contractAddress"] = receipt.ContractAddress,
            ["logs"] = logs,
            ["logsBloom"] = Data(receipt.LogsBloom),
            ["type"] = Quantity(receipt.Type),
            ["status"] = receipt.Success ? "0x1" : "0x0",
        };
    }

    public static JsonObject Log(LedgerLog log, LedgerReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(receipt);
        var topics = new JsonArray();
        foreach (var topic in log.Topics)
        {
            topics.Add(Data(topic));
        }

        return new JsonObject
        {
            ["address"] = log.Address,
            ["topics"] = topics,
            ["data"] = Data(log.Data),
            ["blockNumber"] = Quantity(receipt.BlockNumber),
            ["blockHash"] = Data(receipt.BlockHash),
            ["transactionHash"] = Data(receipt.TransactionHash),
            ["transactionIndex"] = Quantity(receipt.TransactionIndex),
            ["logIndex"] = Quantity(log.LogIndex),
            ["removed"] = false,
        };
    }
}
