using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Execution;

namespace EmrShare.Ledger.Rpc;

/// <summary>Typed access to positional params; every mismatch is a -32602 error naming the parameter.</summary>
public sealed class RpcParams
{
    private readonly JsonArray? _items;

    public RpcParams(JsonArray? items)
    {
        _items = items;
    }

    public int Count => _items?.Count ?? 0;

    public JsonNode? this[int index] => _items is not null && index < _items.Count ? _items[index] : null;

    public string String(int index, string what)
    {
        if (this[index] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw Invalid($"{what} (param {index}) must be a string");
    }

    public string? OptionalString(int index, string what) => this[index] is null ? null : String(index, what);

    public bool OptionalBool(int index, string what)
    {
        var node = this[index];
        if (node is null)
        {
            return false;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"{what} (param {index}) must be a boolean"),
        };
    }

    public string Address(int index, string what) => LedgerHex.ParseAddress(String(index, what), what);

    public BigInteger Quantity(int index, string what) => LedgerHex.ParseQuantity(String(index, what), what);

    public BlockTag Block(int index) => BlockTag.Parse(OptionalString(index, "block"));

    public JsonObject Object(int index, string what) =>
        this[index] as JsonObject ?? throw Invalid($"{what} (param {index}) must be an object");

    /// <summary>Reads an eth_call / eth_estimateGas transaction object.</summary>
    public ExecutionRequest CallObject(int index, long defaultGas)
    {
        var call = Object(index, "transaction");
        var from = Field(call, "from");
        var to = Field(call, "to");
        var input = Field(call, "input") ?? Field(call, "data");
        var gas = Field(call, "gas");
        var value = Field(call, "value");
        var gasPrice = Field(call, "gasPrice");
        return new ExecutionRequest
        {
            From = from is null ? "0x0000000000000000000000000000000000000000" : LedgerHex.ParseAddress(from, "from"),
            To = to is null ? null : LedgerHex.ParseAddress(to, "to"),
            Input = input is null ? [] : LedgerHex.ParseData(input, "input"),
            GasLimit = gas is null ? defaultGas : LedgerHex.ParseQuantity(gas, "gas"),
            Value = value is null ? BigInteger.Zero : LedgerHex.ParseQuantity(value, "value"),
            GasPrice = gasPrice is null ? BigInteger.Zero : LedgerHex.ParseQuantity(gasPrice, "gasPrice"),
        };
    }

    public static string? Field(JsonObject obj, string name)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var node = obj[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw Invalid($"{name} must be a hex string");
    }

    public static LedgerRpcException Invalid(string message) => new(RpcErrorCodes.InvalidParams, "invalid argument: " + message);
}
