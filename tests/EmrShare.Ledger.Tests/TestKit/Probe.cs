using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Nethereum.Util;

namespace EmrShare.Ledger.Tests.TestKit;

/// <summary>The LedgerProbe test contract (Contracts/LedgerProbe.sol, compiled by compile.mjs) and its ABI encoding.</summary>
internal static class Probe
{
    private static readonly Lazy<JsonObject> Artifact = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", "LedgerProbe.json")))!);

    public static string AbiJson => Artifact.Value["abi"]!.ToJsonString();

    public static byte[] Bytecode => Convert.FromHexString(Artifact.Value["bytecode"]!.GetValue<string>().AsSpan(2));

    public static byte[] Anchor(byte[] id, byte[] commitment) => Call("anchor(bytes32,bytes32)", id, commitment);

    public static byte[] Clear(byte[] id) => Call("clear(bytes32)", id);

    public static byte[] Burn(int rounds) => Call("burn(uint256)", Word(rounds));

    public static byte[] Spawn() => Call("spawn()");

    public static byte[] Pay(string to) => Call("pay(address)", Word(new BigInteger(Convert.FromHexString(to.AsSpan(2)), isUnsigned: true, isBigEndian: true)));

    public static byte[] Count() => Call("count()");

    public static byte[] Fail(string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var padded = new byte[(text.Length + 31) / 32 * 32];
        text.CopyTo(padded, 0);
        return Call("fail(string)", [Word(32), Word(text.Length), .. padded.Chunk(32)]);
    }

    public static byte[] Selector(string signature) => Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(signature))[..4];

    public static byte[] Call(string signature, params byte[][] words) => [.. Selector(signature), .. words.SelectMany(w => w)];

    public static byte[] Word(BigInteger value) => LedgerHex.Word(value.ToByteArray(isUnsigned: true, isBigEndian: true));

    /// <summary>Storage slot of mapping entry key at base slot p: keccak256(key ‖ p).</summary>
    public static BigInteger MappingSlot(byte[] key, int p) =>
        new(Sha3Keccack.Current.CalculateHash([.. key, .. Word(p)]), isUnsigned: true, isBigEndian: true);

    public static byte[] Id(int i) => Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes("record-" + i));
}
