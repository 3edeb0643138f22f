using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;
using Microsoft.Data.Sqlite;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EmrShare.Ledger.Tests;

/// <summary>
/// A JSON-RPC batch of raw transactions (submitted together through the batch path) after a storage fault: every
/// request gets a JSON-RPC error — the failed commit's and then the fail-stop refusal — and nothing escapes the
/// handler (which the HTTP layer would answer with 500).
/// </summary>
public sealed class StorageFaultBatchTests
{
    [Fact]
    public async Task SendRawBatch_CommitFailsThenLedgerStopped_EveryRequestGetsJsonRpcError()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var path = folder.File("ledger.db");
        await using var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(path), cancellationToken: ct);
        var handler = new LedgerRpcHandler(ledger);
        var to = LedgerHarness.Account(9);
        await ledger.SendRawTransactionAsync(TestTx.Legacy(LedgerHarness.Key(1), 31337, 0, to, [], 21_000, value: 1), ct);

        using (var saboteur = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            saboteur.Open();
            using var drop = saboteur.CreateCommand();
            drop.CommandText = "DROP TABLE receipts";
            drop.ExecuteNonQuery();
        }

        // The commit of this batch fails.
        var failed = await SendBatchAsync(handler, TestTx.Legacy(LedgerHarness.Key(1), 31337, 1, to, [], 21_000, value: 1), TestTx.Legacy(LedgerHarness.Key(2), 31337, 0, to, [], 21_000, value: 1), ct);
        AssertEveryRequestErred(failed);

        // The ledger stopped: nothing of the next batch is admitted, and each request is refused by name.
        var refused = await SendBatchAsync(handler, TestTx.Legacy(LedgerHarness.Key(3), 31337, 0, to, [], 21_000, value: 1), TestTx.Legacy(LedgerHarness.Key(4), 31337, 0, to, [], 21_000, value: 1), ct);
        AssertEveryRequestErred(refused);
        Assert.All(refused, r => Assert.Contains("ledger storage failed", r!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(1, ledger.Head.Number);
    }

    private static async Task<JsonArray> SendBatchAsync(LedgerRpcHandler handler, byte[] first, byte[] second, CancellationToken ct)
    {
        var request = new JsonArray(
            new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "eth_sendRawTransaction", ["params"] = new JsonArray(first.ToHex(true)) },
            new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = "eth_sendRawTransaction", ["params"] = new JsonArray(second.ToHex(true)) });
        var response = await handler.HandleAsync(request.ToJsonString(), ct);
        return Assert.IsType<JsonArray>(JsonNode.Parse(response!));
    }

    private static void AssertEveryRequestErred(JsonArray responses)
    {
        Assert.Equal([1, 2], responses.Select(r => r!["id"]!.GetValue<int>()).Order());
        Assert.All(responses, r => Assert.NotNull(r!["error"]?["code"]));
    }
}
