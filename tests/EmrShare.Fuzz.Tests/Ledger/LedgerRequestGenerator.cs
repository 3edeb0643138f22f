using System.Text.Json.Nodes;
using EmrShare.Fuzz.Tests.Infrastructure;

namespace EmrShare.Fuzz.Tests.Ledger;

/// <summary>
/// Valid JSON-RPC requests of the methods nodes use, mutated one field or one parameter at a time (wrong types,
/// bad hex, huge numbers, missing fields), sometimes in batches of up to 1,200 (the limit is 1,000), and
/// sometimes broken at byte level.
/// </summary>
public static class LedgerRequestGenerator
{
    private const string Account = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    private static readonly string[] Seeds =
    [
        """{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""",
        """{"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"}""",
        """{"jsonrpc":"2.0","id":"a","method":"eth_getBalance","params":["0x70997970c51812dc3a010c7d01b50e0d17dc79c8","latest"]}""",
        """{"jsonrpc":"2.0","id":4,"method":"eth_getTransactionCount","params":["0x70997970c51812dc3a010c7d01b50e0d17dc79c8","pending"]}""",
        """{"jsonrpc":"2.0","id":5,"method":"eth_call","params":[{"from":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","to":"0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc","data":"0x12345678"},"latest"]}""",
        """{"jsonrpc":"2.0","id":6,"method":"eth_estimateGas","params":[{"from":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","to":"0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc","value":"0x1"}]}""",
        """{"jsonrpc":"2.0","id":7,"method":"eth_getBlockByNumber","params":["0x0",true]}""",
        """{"jsonrpc":"2.0","id":8,"method":"eth_getLogs","params":[{"fromBlock":"0x0","toBlock":"latest","address":"0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc","topics":[null,"0x0000000000000000000000000000000000000000000000000000000000000001"]}]}""",
        """{"jsonrpc":"2.0","id":9,"method":"eth_getTransactionReceipt","params":["0x0000000000000000000000000000000000000000000000000000000000000001"]}""",
        """{"jsonrpc":"2.0","id":10,"method":"eth_getCode","params":["0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc","latest"]}""",
        """{"jsonrpc":"2.0","id":11,"method":"net_version","params":[]}""",
        """{"jsonrpc":"2.0","id":12,"method":"eth_gasPrice","params":[]}""",
        """{"jsonrpc":"2.0","id":13,"method":"eth_feeHistory","params":["0x4","latest",[25,75]]}""",
        """{"jsonrpc":"2.0","id":14,"method":"eth_newFilter","params":[{"fromBlock":"0x0"}]}""",
        """{"jsonrpc":"2.0","id":15,"method":"eth_getStorageAt","params":["0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc","0x0","latest"]}""",
    ];

    public static string Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (random.Next(25) == 0)
        {
            var count = random.Next(4) == 0 ? random.Next(990, 1_200) : random.Next(1, 20);
            return "[" + string.Join(',', Enumerable.Range(0, count).Select(_ => One(random))) + "]";
        }

        return One(random);
    }

    private static string One(Random random)
    {
        var seed = Seeds[random.Next(Seeds.Length)];
        if (random.Next(3) != 0)
        {
            return JsonFieldMutator.Mutate(random, seed);
        }

        // Mutate one parameter instead of a top-level field: reaches each method's own parameter parsing.
        var request = JsonNode.Parse(seed)!.AsObject();
        if (request["params"] is JsonArray { Count: > 0 } parameters)
        {
            var index = random.Next(parameters.Count);
            var value = parameters[index];
            parameters[index] = value switch
            {
                JsonObject obj => ParseOrText(JsonFieldMutator.Mutate(random, obj.ToJsonString())),
                JsonValue text when text.TryGetValue<string>(out var s) => JsonValue.Create(Mutator.Text(random, [s, Account], "0123456789abcdefxX-")),
                _ => JsonValue.Create(random.Next(2) == 0 ? "0x" + new string('f', random.Next(1, 200)) : "latest"),
            };
        }

        return request.ToJsonString();
    }

    private static JsonNode? ParseOrText(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
