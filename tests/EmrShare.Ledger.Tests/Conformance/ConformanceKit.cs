using System.Numerics;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Tests.TestKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>Shared steps of the JSON-RPC conformance suite: deploy the probe, anchor, build call objects.</summary>
internal static class ConformanceKit
{
    public const int ChainId = 31337;

    /// <summary>Deploys LedgerProbe from dev account 0 (nonce 0) and returns its address.</summary>
    public static async Task<string> DeployProbeAsync(LedgerHarness harness, int nonce = 0)
    {
        var receipt = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, nonce, null, Probe.Bytecode, 3_000_000));
        return receipt["contractAddress"]!.GetValue<string>();
    }

    public static JsonObject CallObject(string? from, string to, byte[]? data = null, BigInteger? value = null)
    {
        var call = new JsonObject { ["to"] = to };
        if (from is not null)
        {
            call["from"] = from;
        }

        if (data is not null)
        {
            call["data"] = LedgerHex.Data(data);
        }

        if (value is not null)
        {
            call["value"] = LedgerHex.Quantity(value.Value);
        }

        return call;
    }

    public static BigInteger Number(JsonNode? hex) => LedgerHex.ParseQuantity(hex!.GetValue<string>(), "result");

    public static BigInteger Word(JsonNode? data) =>
        new(LedgerHex.ParseData(data!.GetValue<string>(), "result"), isUnsigned: true, isBigEndian: true);
}
