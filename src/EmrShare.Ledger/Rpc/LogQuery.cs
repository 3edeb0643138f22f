using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;

namespace EmrShare.Ledger.Rpc;

/// <summary>An eth_getLogs / eth_newFilter criterion: block range (or one block hash), addresses, topic positions.</summary>
public sealed record LogQuery(BlockTag From, BlockTag To, byte[]? BlockHash, IReadOnlyList<string> Addresses, IReadOnlyList<IReadOnlyList<byte[]>?> Topics)
{
    public const int MaxResults = 10_000;

    public static LogQuery Parse(JsonObject filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var blockHash = RpcParams.Field(filter, "blockHash");
        var addresses = filter["address"] switch
        {
            null => [],
            JsonArray array => array.Select(a => LedgerHex.ParseAddress(Text(a, "address"), "address")).ToList(),
            JsonValue value => [LedgerHex.ParseAddress(Text(value, "address"), "address")],
            _ => throw RpcParams.Invalid("address must be a string or an array"),
        };
        var topics = new List<IReadOnlyList<byte[]>?>();
        if (filter["topics"] is JsonArray topicArray)
        {
            foreach (var position in topicArray)
            {
                topics.Add(position switch
                {
                    null => null,
                    JsonArray alternatives => alternatives.Select(t => LedgerHex.ParseHash(Text(t, "topic"), "topic")).ToList(),
                    JsonValue one => [LedgerHex.ParseHash(Text(one, "topic"), "topic")],
                    _ => throw RpcParams.Invalid("topics entries must be strings, arrays or null"),
                });
            }
        }
        else if (filter["topics"] is not null)
        {
            throw RpcParams.Invalid("topics must be an array");
        }

        return new LogQuery(
            BlockTag.Parse(RpcParams.Field(filter, "fromBlock")),
            BlockTag.Parse(RpcParams.Field(filter, "toBlock")),
            blockHash is null ? null : LedgerHex.ParseHash(blockHash, "blockHash"),
            addresses,
            topics);
    }

    private static string Text(JsonNode? node, string what) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? value.GetValue<string>()
            : throw RpcParams.Invalid(what + " must be a hex string");

    public bool Matches(LedgerLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Addresses.Count > 0 && !Addresses.Contains(log.Address, StringComparer.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < Topics.Count; i++)
        {
            var wanted = Topics[i];
            if (wanted is null)
            {
                continue;
            }

            if (i >= log.Topics.Count || !wanted.Any(t => t.AsSpan().SequenceEqual(log.Topics[i])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs the query over committed blocks in [from, to] (or the hash's block).</summary>
    public JsonArray Run(EmbeddedLedger ledger, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var result = new JsonArray();
        foreach (var number in ledger.BlocksWithLogs(from, to, Addresses))
        {
            foreach (var receipt in ledger.GetReceipts(number))
            {
                foreach (var log in receipt.Logs.Where(Matches))
                {
                    if (result.Count >= MaxResults)
                    {
                        throw new LedgerRpcException($"query returned more than {MaxResults} results");
                    }

                    result.Add(RpcFormat.Log(log, receipt));
                }
            }
        }

        return result;
    }
}
