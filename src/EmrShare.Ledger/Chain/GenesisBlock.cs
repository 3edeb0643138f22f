using System.Globalization;
using System.Numerics;
using EmrShare.Ledger.Execution;
using EmrShare.Ledger.Sealing;
using EmrShare.Ledger.State;
using EmrShare.Ledger.Storage;
using Nethereum.Signer;

namespace EmrShare.Ledger.Chain;

/// <summary>Block 0: the configured accounts funded, sealed by the sealer like every other block.</summary>
internal static class GenesisBlock
{
    public static LedgerBlock Create(LedgerOptions options, LedgerStore store)
    {
        var sealer = new EthECKey(options.SealerPrivateKey);
        var environment = new BlockEnvironment(0, options.GenesisTimestamp, options.SealerAddress, options.BaseFeePerGas, options.BlockGasLimit, options.ChainId);
        var pending = new PendingBlock(environment, new WorldState());
        foreach (var account in options.Accounts)
        {
            pending.State.SetAccount(LedgerHex.NormalizeAddress(account.Address), new AccountData(account.Balance, BigInteger.Zero, []));
        }

        var preGenesis = new LedgerBlock
        {
            Number = -1, Hash = new byte[32], ParentHash = new byte[32], Miner = options.SealerAddress, StateRoot = new byte[32],
            TransactionsRoot = new byte[32], ReceiptsRoot = new byte[32], LogsBloom = new byte[256], GasLimit = 0, GasUsed = 0,
            Timestamp = 0, ExtraData = [], BaseFeePerGas = 0, TransactionHashes = [], Size = 0,
        };
        var genesis = BlockAssembler.Assemble(pending, preGenesis, sealer);
        store.Commit(genesis);
        store.SetMeta("chainId", options.ChainId.ToString(CultureInfo.InvariantCulture));
        store.SetMeta("sealer", options.SealerAddress);
        return genesis.Block;
    }
}
