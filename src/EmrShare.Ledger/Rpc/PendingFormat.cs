using System.Numerics;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;
using static EmrShare.Ledger.LedgerHex;

namespace EmrShare.Ledger.Rpc;

/// <summary>The JSON of the pending block (the next block as it would be sealed now): no hash, nonce or roots yet, as geth and Hardhat show it.</summary>
public static class PendingFormat
{
    public static JsonObject Block(PendingView pending, bool full)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var transactions = new JsonArray();
        for (var i = 0; i < pending.Transactions.Count; i++)
        {
            transactions.Add(full ? Transaction(pending, i) : Data(pending.Transactions[i].Hash));
        }

        return new JsonObject
        {
            ["number"] = Quantity(pending.Number),
            ["hash"] = null,
            ["parentHash"] = Data(pending.ParentHash),
            ["sha3Uncles"] = Data(Sealing.BlockHeaderCodec.EmptyUnclesHash),
            ["miner"] = pending.Miner,
            ["stateRoot"] = Data(new byte[32]),
            ["transactionsRoot"] = Data(new byte[32]),
            ["receiptsRoot"] = Data(new byte[32]),
            ["logsBloom"] = null,
            ["difficulty"] = "0x1",
            ["gasLimit"] = Quantity(pending.GasLimit),
            ["gasUsed"] = Quantity(pending.GasUsed),
            ["timestamp"] = Quantity(pending.Timestamp),
            ["extraData"] = "0x",
            ["mixHash"] = Data(new byte[32]),
            ["nonce"] = null,
            ["baseFeePerGas"] = Quantity(pending.BaseFee),
            ["transactions"] = transactions,
            ["uncles"] = new JsonArray(),
        };
    }

    public static JsonObject? TransactionAt(PendingView pending, BigInteger index)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return index < 0 || index >= pending.Transactions.Count ? null : Transaction(pending, (int)index);
    }

    private static JsonObject Transaction(PendingView pending, int index)
    {
        var json = RpcFormat.Transaction(pending.Transactions[index], null, index);
        json["blockNumber"] = Quantity(pending.Number);
        return json;
    }
}
