using System.Numerics;
using EmrShare.Ledger.Execution;
using EmrShare.Ledger.State;
using EmrShare.Ledger.Transactions;

namespace EmrShare.Ledger.Chain;

/// <summary>The block under construction: transactions already executed on <see cref="State"/>, not yet sealed.</summary>
public sealed class PendingBlock
{
    private readonly List<(LedgerTransaction Tx, ExecutionOutcome Outcome)> _entries = [];
    private readonly HashSet<string> _hashes = new(StringComparer.Ordinal);

    public PendingBlock(BlockEnvironment environment, IStateReader committed)
    {
        Environment = environment;
        State = new PendingState(committed);
    }

    public BlockEnvironment Environment { get; }

    public PendingState State { get; }

    public BigInteger GasUsed { get; private set; }

    public IReadOnlyList<(LedgerTransaction Tx, ExecutionOutcome Outcome)> Entries => _entries;

    public int Count => _entries.Count;

    public BigInteger GasRemaining => Environment.GasLimit - GasUsed;

    public void Add(LedgerTransaction tx, ExecutionOutcome outcome)
    {
        _entries.Add((tx, outcome));
        _hashes.Add(Convert.ToHexString(tx.Hash));
        GasUsed += outcome.GasUsed;
    }

    public bool Contains(byte[] hash) => _hashes.Contains(Convert.ToHexString(hash));
}
