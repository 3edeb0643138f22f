using System.Numerics;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.State;
using EmrShare.Ledger.Transactions;
using Nethereum.Merkle.Patricia;
using Nethereum.Model;
using Nethereum.RLP;
using Nethereum.Signer;

namespace EmrShare.Ledger.Sealing;

/// <summary>A sealed block with everything that must be persisted atomically with it.</summary>
public sealed record SealedBlock(LedgerBlock Block, IReadOnlyList<LedgerTransaction> Transactions, IReadOnlyList<LedgerReceipt> Receipts, StateDiff Diff);

/// <summary>Turns a pending block into a sealed one: receipts, Merkle-Patricia tx/receipt roots, bloom, state commitment, seal.</summary>
public static class BlockAssembler
{
    public static SealedBlock Assemble(PendingBlock pending, LedgerBlock parent, EthECKey sealer, long firstLogIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(sealer);
        var txTrie = new PatriciaTrie();
        var receiptTrie = new PatriciaTrie();
        var blockBloom = new LogBloomFilter();
        var drafts = new List<LedgerReceipt>(pending.Count);
        var cumulative = BigInteger.Zero;
        var logIndex = firstLogIndex;
        for (var i = 0; i < pending.Entries.Count; i++)
        {
            var (tx, outcome) = pending.Entries[i];
            cumulative += outcome.GasUsed;
            var logs = new List<LedgerLog>(outcome.Logs.Count);
            var modelLogs = new List<Log>(outcome.Logs.Count);
            var txBloom = new LogBloomFilter();
            for (var j = 0; j < outcome.Logs.Count; j++)
            {
                var (address, topics, data) = outcome.Logs[j];
                logs.Add(new LedgerLog(address, topics, data, logIndex++, j));
                var modelLog = new Log { Address = address, Data = data, Topics = topics.ToList() };
                modelLogs.Add(modelLog);
                txBloom.AddLog(modelLog);
                blockBloom.AddLog(modelLog);
            }

            var key = RLP.EncodeElement(BlockHeaderCodec.Scalar(i));
            txTrie.Put(key, tx.Raw);
            var receipt = Receipt.CreateStatusReceipt(outcome.Success, cumulative, txBloom.Data, modelLogs);
            receiptTrie.Put(key, tx.Type == 0 ? ReceiptEncoder.Current.Encode(receipt) : ReceiptEncoder.Current.EncodeTyped(receipt, tx.Type));
            drafts.Add(new LedgerReceipt
            {
                TransactionHash = tx.Hash,
                TransactionIndex = i,
                BlockNumber = pending.Environment.Number,
                BlockHash = [],
                From = tx.From,
                To = tx.To,
                ContractAddress = outcome.ContractAddress,
                Success = outcome.Success,
                GasUsed = outcome.GasUsed,
                CumulativeGasUsed = cumulative,
                EffectiveGasPrice = outcome.EffectiveGasPrice,
                Type = tx.Type,
                Logs = logs,
                LogsBloom = txBloom.Data.ToArray(),
                ReturnData = outcome.ReturnData,
            });
        }

        var diff = pending.State.ToDiff();
        var unsealed = new LedgerBlock
        {
            Number = pending.Environment.Number,
            Hash = [],
            ParentHash = parent.Hash,
            Miner = pending.Environment.Coinbase,
            StateRoot = diff.Commitment(parent.StateRoot),
            TransactionsRoot = txTrie.Root.GetHash(),
            ReceiptsRoot = receiptTrie.Root.GetHash(),
            LogsBloom = blockBloom.Data.ToArray(),
            GasLimit = pending.Environment.GasLimit,
            GasUsed = cumulative,
            Timestamp = pending.Environment.Timestamp,
            ExtraData = new byte[BlockHeaderCodec.VanityLength],
            BaseFeePerGas = pending.Environment.BaseFee,
            TransactionHashes = pending.Entries.Select(e => e.Tx.Hash).ToList(),
            Size = 0,
        };
        var block = BlockSeal.Seal(unsealed, sealer);
        var size = BlockHeaderCodec.Encode(block, block.ExtraData).Length + pending.Entries.Sum(e => (long)e.Tx.Raw.Length);
        block = block with { Size = size };
        var receipts = drafts.Select(r => r with { BlockHash = block.Hash }).ToList();
        return new SealedBlock(block, pending.Entries.Select(e => e.Tx).ToList(), receipts, diff);
    }
}
