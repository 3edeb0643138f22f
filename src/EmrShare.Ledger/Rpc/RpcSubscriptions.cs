using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// The <c>eth_subscribe</c> subscriptions of one WebSocket connection, as geth serves them: <c>newHeads</c> (the
/// header of each sealed block), <c>logs</c> (each matching log of each sealed block, matched as eth_getLogs
/// matches) and <c>newPendingTransactions</c> (hashes entering the pending block). A new subscription stays silent
/// until its id has been sent (<see cref="Activate"/>), so a client never sees a notification before the id.
/// The ledger never reorganises, so a log is never re-sent with <c>removed: true</c>.
/// </summary>
internal sealed class RpcSubscriptions(EmbeddedLedger ledger, int maxSubscriptions) : IRpcSession
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _live = [];
    private readonly List<Subscription> _created = [];

    /// <summary>True when some subscription wants sealed blocks (newHeads or logs); read without the lock by event handlers.</summary>
    public bool WantsBlocks { get; private set; }

    /// <summary>True when some subscription wants pending transaction hashes.</summary>
    public bool WantsPending { get; private set; }

    public JsonNode? Invoke(string method, RpcParams p) => method switch
    {
        "eth_subscribe" => Subscribe(p),
        "eth_unsubscribe" => Unsubscribe(p),
        _ => throw new LedgerRpcException(RpcErrorCodes.MethodNotFound, $"the method {method} does not exist/is not available"),
    };

    /// <summary>The subscriptions created since the last call; they start notifying once <see cref="Activate"/> runs.</summary>
    public IReadOnlyList<Subscription> TakeCreated()
    {
        lock (_gate)
        {
            var created = _created.ToList();
            _created.Clear();
            return created;
        }
    }

    public static void Activate(IReadOnlyList<Subscription> subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Active = true;
        }
    }

    /// <summary>The notifications a sealed block gives: its header for newHeads, its matching logs for each logs subscription.</summary>
    public IReadOnlyList<string> NotificationsFor(LedgerBlock block)
    {
        var live = Snapshot(s => s.Kind != SubscriptionKind.NewPendingTransactions);
        var texts = new List<string>();
        JsonObject? header = null;
        IReadOnlyList<LedgerReceipt>? receipts = null;
        foreach (var subscription in live)
        {
            if (subscription.Kind == SubscriptionKind.NewHeads)
            {
                header ??= RpcFormat.Header(block);
                texts.Add(Notification(subscription.Id, header.DeepClone()));
                continue;
            }

            if (!subscription.InRange(block.Number))
            {
                continue;
            }

            receipts ??= ledger.GetReceipts(block.Number);
            foreach (var receipt in receipts)
            {
                foreach (var log in receipt.Logs.Where(subscription.Query!.Matches))
                {
                    texts.Add(Notification(subscription.Id, RpcFormat.Log(log, receipt)));
                }
            }
        }

        return texts;
    }

    public IReadOnlyList<string> NotificationsFor(byte[] pendingHash) =>
        Snapshot(s => s.Kind == SubscriptionKind.NewPendingTransactions).Select(s => Notification(s.Id, LedgerHex.Data(pendingHash))).ToList();

    private static string Notification(string id, JsonNode result) => new JsonObject
    {
        ["jsonrpc"] = "2.0",
        ["method"] = "eth_subscription",
        ["params"] = new JsonObject { ["subscription"] = id, ["result"] = result },
    }.ToJsonString();

    private List<Subscription> Snapshot(Func<Subscription, bool> wanted)
    {
        lock (_gate)
        {
            return _live.Where(s => s.Active && wanted(s)).ToList();
        }
    }

    private string Subscribe(RpcParams p)
    {
        if (p[0] is null)
        {
            throw new LedgerRpcException(RpcErrorCodes.InvalidParams, "expected subscription name as first argument");
        }

        var name = p.String(0, "subscription name");
        var subscription = name switch
        {
            "newHeads" => new Subscription(RpcIds.New(), SubscriptionKind.NewHeads, null),
            "logs" => new Subscription(RpcIds.New(), SubscriptionKind.Logs, LogCriteria(p)),
            "newPendingTransactions" => PendingHashes(p),
            _ => throw new LedgerRpcException(RpcErrorCodes.MethodNotFound, $"no \"{name}\" subscription in eth namespace"),
        };
        if (p.Count > (subscription.Kind == SubscriptionKind.NewHeads ? 1 : 2))
        {
            throw RpcParams.Invalid($"too many arguments for a {name} subscription");
        }

        lock (_gate)
        {
            if (_live.Count >= maxSubscriptions)
            {
                throw new LedgerRpcException(LedgerRpcEndpoints.RateLimitedCode, $"too many subscriptions: at most {maxSubscriptions} per connection");
            }

            _live.Add(subscription);
            _created.Add(subscription);
            Recount();
        }

        return subscription.Id;
    }

    private bool Unsubscribe(RpcParams p)
    {
        var id = RpcIds.Normalize(p.String(0, "subscription id"), "subscription id");
        lock (_gate)
        {
            if (_live.RemoveAll(s => s.Id == id) == 0)
            {
                throw new LedgerRpcException("subscription not found");
            }

            Recount();
            return true;
        }
    }

    public void Withdraw(JsonNode? result)
    {
        if (result is not JsonValue value || !value.TryGetValue<string>(out var id))
        {
            return;
        }

        lock (_gate)
        {
            // Only a subscription created by this message (not yet announced) can be what the lost answer carried.
            if (_created.RemoveAll(s => s.Id == id) > 0)
            {
                _live.RemoveAll(s => s.Id == id);
                Recount();
            }
        }
    }

    private void Recount()
    {
        WantsBlocks = _live.Any(s => s.Kind != SubscriptionKind.NewPendingTransactions);
        WantsPending = _live.Any(s => s.Kind == SubscriptionKind.NewPendingTransactions);
    }

    private static LogQuery LogCriteria(RpcParams p)
    {
        var query = p[1] is null ? LogQuery.Parse([]) : LogQuery.Parse(p.Object(1, "filter"));
        if (query.BlockHash is not null)
        {
            throw RpcParams.Invalid("a logs subscription takes no blockHash: it reports logs of blocks sealed from now on");
        }

        if (query.From.Kind == BlockTagKind.Pending || query.To.Kind == BlockTagKind.Pending
            || (query.From.Kind == BlockTagKind.Number && query.To.Kind == BlockTagKind.Number && query.To.Number < query.From.Number))
        {
            throw RpcParams.Invalid("invalid from and to block combination");
        }

        return query;
    }

    private static Subscription PendingHashes(RpcParams p) =>
        p.OptionalBool(1, "fullTx")
            ? throw RpcParams.Invalid("newPendingTransactions with full transactions is not supported: subscribe without the second parameter for hashes, then call eth_getTransactionByHash")
            : new Subscription(RpcIds.New(), SubscriptionKind.NewPendingTransactions, null);

    internal enum SubscriptionKind
    {
        NewHeads,
        Logs,
        NewPendingTransactions,
    }

    internal sealed class Subscription(string id, SubscriptionKind kind, LogQuery? query)
    {
        public string Id { get; } = id;

        public SubscriptionKind Kind { get; } = kind;

        public LogQuery? Query { get; } = query;

        private volatile bool _active;

        public bool Active
        {
            get => _active;
            set => _active = value;
        }

        /// <summary>A numeric fromBlock/toBlock bounds the sealed blocks reported, as in geth; <c>latest</c> (the default) does not.</summary>
        public bool InRange(long number) =>
            (Query!.From.Kind != BlockTagKind.Number || number >= Query.From.Number)
            && (Query.To.Kind != BlockTagKind.Number || number <= Query.To.Number);
    }
}
