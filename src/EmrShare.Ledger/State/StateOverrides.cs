using System.Numerics;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Rpc;

namespace EmrShare.Ledger.State;

/// <summary>
/// eth_call's third parameter, as geth applies it: per address a replacement <c>balance</c>, <c>nonce</c> and
/// <c>code</c>, and either <c>state</c> (the whole storage replaced: unlisted slots read as zero) or
/// <c>stateDiff</c> (only the listed slots replaced). Unknown fields and <c>state</c> together with
/// <c>stateDiff</c> are refused with -32602, never ignored.
/// </summary>
public sealed class StateOverrides
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal) { "balance", "nonce", "code", "state", "stateDiff" };
    private readonly Dictionary<string, AccountOverride> _accounts;

    private StateOverrides(Dictionary<string, AccountOverride> accounts)
    {
        _accounts = accounts;
    }

    public bool IsEmpty => _accounts.Count == 0;

    public static StateOverrides None { get; } = new(new Dictionary<string, AccountOverride>(StringComparer.Ordinal));

    public static StateOverrides Parse(JsonNode? node)
    {
        if (node is null)
        {
            return None;
        }

        if (node is not JsonObject overrides)
        {
            throw RpcParams.Invalid("state override (param 2) must be an object");
        }

        var accounts = new Dictionary<string, AccountOverride>(StringComparer.Ordinal);
        foreach (var (rawAddress, value) in overrides)
        {
            var address = LedgerHex.ParseAddress(rawAddress, "state override address");
            if (value is not JsonObject fields)
            {
                throw RpcParams.Invalid($"state override of {address} must be an object");
            }

            var unknown = fields.Select(f => f.Key).FirstOrDefault(k => !KnownFields.Contains(k));
            if (unknown is not null)
            {
                throw RpcParams.Invalid($"state override field {unknown} is not supported (balance, nonce, code, state, stateDiff)");
            }

            if (fields["state"] is not null && fields["stateDiff"] is not null)
            {
                throw RpcParams.Invalid($"account {address} has both 'state' and 'stateDiff'");
            }

            var balance = RpcParams.Field(fields, "balance");
            var nonce = RpcParams.Field(fields, "nonce");
            var code = RpcParams.Field(fields, "code");
            accounts[address] = new AccountOverride(
                balance is null ? null : LedgerHex.ParseQuantity(balance, "balance"),
                nonce is null ? null : LedgerHex.ParseQuantity(nonce, "nonce"),
                code is null ? null : LedgerHex.ParseData(code, "code"),
                fields["state"] is null ? null : Slots(fields["state"], "state"),
                Slots(fields["stateDiff"], "stateDiff") ?? []);
        }

        return new StateOverrides(accounts);
    }

    /// <summary>The state to run the call on: <paramref name="state"/> with these overrides on top.</summary>
    public IStateReader Over(IStateReader state) => IsEmpty ? state : new OverriddenState(state, _accounts);

    private static Dictionary<BigInteger, byte[]>? Slots(JsonNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject slots)
        {
            throw RpcParams.Invalid($"{what} must be an object of slot → value");
        }

        var result = new Dictionary<BigInteger, byte[]>();
        foreach (var (slot, value) in slots)
        {
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw RpcParams.Invalid($"{what} values must be hex strings");
            var word = LedgerHex.ParseData(text, what);
            if (word.Length > 32)
            {
                throw RpcParams.Invalid($"{what} value longer than 32 bytes");
            }

            result[new BigInteger(LedgerHex.ParseData(slot, what + " slot"), isUnsigned: true, isBigEndian: true)] = LedgerHex.Word(word);
        }

        return result;
    }

    private sealed record AccountOverride(BigInteger? Balance, BigInteger? Nonce, byte[]? Code, Dictionary<BigInteger, byte[]>? State, Dictionary<BigInteger, byte[]> StateDiff);

    private sealed class OverriddenState(IStateReader parent, Dictionary<string, AccountOverride> accounts) : IStateReader
    {
        public AccountData GetAccount(string address)
        {
            var account = parent.GetAccount(address);
            return accounts.TryGetValue(address, out var o)
                ? new AccountData(o.Balance ?? account.Balance, o.Nonce ?? account.Nonce, o.Code ?? account.Code)
                : account;
        }

        public byte[] GetStorage(string address, BigInteger slot)
        {
            if (!accounts.TryGetValue(address, out var o))
            {
                return parent.GetStorage(address, slot);
            }

            if (o.State is not null)
            {
                return o.State.TryGetValue(slot, out var full) ? full : new byte[32];
            }

            return o.StateDiff.TryGetValue(slot, out var diff) ? diff : parent.GetStorage(address, slot);
        }
    }
}
