using System.Text;
using System.Text.Json;
using EmrShare.Chain;
using EmrShare.Core.Crypto;
using EmrShare.Web.Api.Center;
using Nethereum.RPC.Eth.DTOs;

namespace EmrShare.Web.Services;

/// <summary>
/// Names the EmrShare contracts' events: topic0 = keccak256 of the canonical event signature, computed from the
/// committed ABIs, so the explorer shows "GrantCreated" instead of a hash and stays right when the ABI changes.
/// </summary>
internal sealed class EventCatalog
{
    private readonly Dictionary<string, string> _eventNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _contracts = new(StringComparer.OrdinalIgnoreCase);

    public EventCatalog(EmrShareAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        _contracts[addresses.Registry] = "Registry";
        _contracts[addresses.Records] = "Records";
        _contracts[addresses.Index] = "Index";
        _contracts[addresses.AccessControl] = "AccessControl";
        foreach (var artifact in ContractArtifacts.All)
        {
            using var abi = JsonDocument.Parse(artifact.AbiJson);
            foreach (var item in abi.RootElement.EnumerateArray())
            {
                if (item.TryGetProperty("type", out var type) && type.GetString() == "event")
                {
                    var signature = $"{item.GetProperty("name").GetString()}({string.Join(',', item.GetProperty("inputs").EnumerateArray().Select(Canonical))})";
                    _eventNames[Keccak.Hash32(Encoding.UTF8.GetBytes(signature)).ToString()] = item.GetProperty("name").GetString()!;
                }
            }
        }
    }

    public string[] Addresses => [.. _contracts.Keys];

    public string? ContractName(string address) => _contracts.TryGetValue(address, out var name) ? name : null;

    /// <summary>A contract's address from its name (registry, records, index, accessControl) or address.</summary>
    public string? AddressOf(string nameOrAddress)
    {
        if (_contracts.ContainsKey(nameOrAddress))
        {
            return _contracts.Keys.First(k => string.Equals(k, nameOrAddress, StringComparison.OrdinalIgnoreCase));
        }

        return _contracts.FirstOrDefault(c => string.Equals(c.Value, nameOrAddress, StringComparison.OrdinalIgnoreCase)).Key;
    }

    public ChainEvent Decode(FilterLog log)
    {
        var topics = (log.Topics ?? []).Select(t => t?.ToString() ?? string.Empty).ToList();
        var name = topics.Count > 0 && _eventNames.TryGetValue(topics[0], out var known) ? known : "unknown";
        return new ChainEvent((long)log.BlockNumber.Value, log.TransactionHash, (long)(log.LogIndex?.Value ?? 0), log.Address, ContractName(log.Address), name, topics);
    }

    private static string Canonical(JsonElement input)
    {
        var type = input.GetProperty("type").GetString()!;
        if (type.StartsWith("tuple", StringComparison.Ordinal))
        {
            var inner = string.Join(',', input.GetProperty("components").EnumerateArray().Select(Canonical));
            return "(" + inner + ")" + type["tuple".Length..];
        }

        return type;
    }
}
