using System.Text.Json.Nodes;
using EmrShare.Ledger.Tests.TestKit;

namespace EmrShare.Ledger.Tests;

/// <summary>Arbitrary bytes and arbitrary request text never crash the ledger: every answer is a JSON-RPC error object.</summary>
public sealed class FuzzInputTests
{
    [Fact]
    public async Task SendRaw_RandomBytes_AlwaysJsonRpcErrorNeverCrash()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var valid = TestTx.Eip1559(LedgerHarness.Key(1), 31337, 0, LedgerHarness.Account(2), [1, 2, 3], 50_000);
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            // Half pure noise, half a valid transaction with a few bytes flipped (deeper into the decoder).
            var raw = i % 2 == 0 ? RandomBytes(random, random.Next(0, 300)) : Mutate(valid, random);
            var response = await harness.Rpc.SendAsync("eth_sendRawTransaction", LedgerHex.Data(raw));
            if (response["error"] is JsonObject error)
            {
                Assert.Contains(error["code"]!.GetValue<int>(), new[] { -32000, -32602 });
            }
        }

        Assert.True(harness.Ledger.Head.Number <= 1);
    }

    [Fact]
    public async Task Handle_ArbitraryText_AlwaysParsableResponse()
    {
        await using var harness = await LedgerHarness.StartAsync();
        string[] fragments = ["{", "}", "[", "]", "\"jsonrpc\":\"2.0\"", "\"id\":1", "\"method\":\"eth_getBalance\"", "\"method\":\"eth_call\"", "\"params\":", "\"0x\"", "null", ",", ":", "42", "\"latest\"", "true", "{\"from\":1}", "\"\\u0000\""];
        var random = new Random(11);
        for (var i = 0; i < 500; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 14)).Select(_ => fragments[random.Next(fragments.Length)]));
            var response = await harness.Handler.HandleAsync(text, TestContext.Current.CancellationToken);
            Assert.True(response is null || JsonNode.Parse(response) is not null, text);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var copy = (byte[])valid.Clone();
        for (var k = 0; k < 1 + random.Next(3); k++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }
}
