using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// eth_newFilter / eth_newBlockFilter state: each filter remembers the last block it reported. Filters not
/// polled for five minutes are dropped, as geth does, so abandoned clients cannot grow memory forever.
/// </summary>
public sealed class FilterRegistry
{
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(5);
    private readonly EmbeddedLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    public FilterRegistry(EmbeddedLedger ledger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
        _time = time;
        ledger.TransactionPending += hash =>
        {
            foreach (var filter in _filters.Values)
            {
                filter.Pending?.Add(hash);
            }
        };
    }

    /// <summary>eth_newPendingTransactionFilter: reports the hashes of transactions that entered the pending block since the last poll.</summary>
    public string NewPendingTransactionFilter() => Add(new Filter(null, _ledger.Head.Number, _time.GetUtcNow()) { Pending = new PendingHashes() });

    public string NewLogFilter(LogQuery query) => Add(new Filter(query, _ledger.Head.Number, _time.GetUtcNow()));

    public string NewBlockFilter() => Add(new Filter(null, _ledger.Head.Number, _time.GetUtcNow()));

    public bool Uninstall(string id) => _filters.TryRemove(Normalize(id), out _);

    public JsonArray Changes(string id)
    {
        var filter = Get(id);
        lock (filter)
        {
            var head = _ledger.Head.Number;
            var from = filter.LastBlock + 1;
            filter.LastBlock = head;
            filter.LastPolled = _time.GetUtcNow();
            if (filter.Pending is not null)
            {
                return new JsonArray(filter.Pending.Drain().Select(h => (JsonNode)LedgerHex.Data(h)).ToArray());
            }

            if (filter.Query is null)
            {
                var hashes = new JsonArray();
                for (var n = from; n <= head; n++)
                {
                    var block = _ledger.GetBlock(BlockTag.At(n));
                    if (block is not null)
                    {
                        hashes.Add(LedgerHex.Data(block.Hash));
                    }
                }

                return hashes;
            }

            return from > head ? [] : filter.Query.Run(_ledger, from, head);
        }
    }

    public LogQuery LogQueryOf(string id) => Get(id).Query ?? throw new LedgerRpcException("filter not found");

    private Filter Get(string id)
    {
        var now = _time.GetUtcNow();
        foreach (var (key, stale) in _filters)
        {
            if (now - stale.LastPolled > Expiry)
            {
                _filters.TryRemove(key, out _);
            }
        }

        return _filters.TryGetValue(Normalize(id), out var filter) ? filter : throw new LedgerRpcException("filter not found");
    }

    private string Add(Filter filter)
    {
        var id = RpcIds.New();
        _filters[id] = filter;
        return id;
    }

    private static string Normalize(string id) => RpcIds.Normalize(id, "filter id");

    private sealed class Filter(LogQuery? query, long lastBlock, DateTimeOffset lastPolled)
    {
        public LogQuery? Query { get; } = query;

        public long LastBlock { get; set; } = lastBlock;

        public DateTimeOffset LastPolled { get; set; } = lastPolled;

        public PendingHashes? Pending { get; init; }
    }

    /// <summary>Hashes waiting for the next poll; bounded (oldest dropped) so an unpolled filter cannot grow memory.</summary>
    private sealed class PendingHashes
    {
        private const int Capacity = 10_000;
        private readonly Queue<byte[]> _hashes = new();

        public void Add(byte[] hash)
        {
            lock (_hashes)
            {
                if (_hashes.Count >= Capacity)
                {
                    _hashes.Dequeue();
                }

                _hashes.Enqueue(hash);
            }
        }

        public IReadOnlyList<byte[]> Drain()
        {
            lock (_hashes)
            {
                var all = _hashes.ToList();
                _hashes.Clear();
                return all;
            }
        }
    }
}
