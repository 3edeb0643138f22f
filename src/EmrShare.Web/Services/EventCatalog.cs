using System.Globalization;
using System.Numerics;
using EmrShare.Chain;
using EmrShare.Web.Api.Center;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace EmrShare.Web.Services;

/// <summary>
/// Names and decodes the EmrShare contracts' events from the committed ABIs (Nethereum's ABI model: topic0 is the
/// event signature's hash), so the explorer shows "GrantCreated(patient, grantee, …)" with each argument labelled
/// by what it is — a hospital, a practitioner, a patient pseudonym, a record id — instead of raw topics.
/// </summary>
internal sealed class EventCatalog
{
    private readonly Dictionary<string, EventABI> _events = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _contracts = new(StringComparer.OrdinalIgnoreCase);

    public EventCatalog(EmrShareAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        _contracts[addresses.Registry] = "Registry";
        _contracts[addresses.Records] = "Records";
        _contracts[addresses.Index] = "Index";
        _contracts[addresses.AccessControl] = "AccessControl";
        var deserialiser = new ABIJsonDeserialiser();
        foreach (var artifact in ContractArtifacts.All)
        {
            foreach (var e in deserialiser.DeserialiseContract(artifact.AbiJson).Events)
            {
                _events["0x" + e.Sha3Signature] = e;
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

    /// <summary>topic0 of an event by name (e.g. "HospitalRegistered"), for log filters.</summary>
    public string TopicOf(string eventName) =>
        _events.First(e => string.Equals(e.Value.Name, eventName, StringComparison.Ordinal)).Key;

    public ChainEvent Decode(FilterLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var topics = (log.Topics ?? []).Select(t => t?.ToString() ?? string.Empty).ToList();
        IReadOnlyList<EventArgument> arguments = [];
        var name = "unknown";
        if (topics.Count > 0 && _events.TryGetValue(topics[0], out var abi))
        {
            name = abi.Name;
            arguments = Arguments(abi, log);
        }

        return new ChainEvent((long)log.BlockNumber.Value, log.TransactionHash, (long)(log.LogIndex?.Value ?? 0), log.Address, ContractName(log.Address), name, topics, arguments);
    }

    private static IReadOnlyList<EventArgument> Arguments(EventABI abi, FilterLog log)
    {
        try
        {
            return [.. abi.DecodeEventDefaultTopics(log).Event
                .OrderBy(p => p.Parameter.Order)
                .Select(p => new EventArgument(p.Parameter.Name, p.Parameter.Type, Format(p.Result), KindOf(p.Parameter.Name, p.Parameter.Type)))];
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            // A log that does not match its ABI (a foreign contract reusing the signature) keeps its raw topics.
            return [];
        }
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        string text => text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.ToLowerInvariant() : text,
        BigInteger number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>
    /// What an argument is, from its ABI name: the contracts name their parties consistently (patient = a per-hospital
    /// pseudonym, never linked to the patient's other pseudonyms; hospital/custodian/grantee = a hospital).
    /// </summary>
    internal static string KindOf(string name, string type) => (name, type) switch
    {
        ("patient" or "pseudonym", "address") => ArgumentKinds.Pseudonym,
        ("account", "address") => ArgumentKinds.IndexAccount,
        ("hospital" or "custodian" or "grantee" or "employer", "address") => ArgumentKinds.Hospital,
        ("practitioner", "address") => ArgumentKinds.Practitioner,
        (_, "address") => ArgumentKinds.Address,
        ("recordId", _) => ArgumentKinds.Record,
        ("grantId", _) => ArgumentKinds.Grant,
        ("requestId", _) => ArgumentKinds.Request,
        (_, _) when type.StartsWith("uint", StringComparison.Ordinal) || type.StartsWith("int", StringComparison.Ordinal) => ArgumentKinds.Number,
        _ => ArgumentKinds.Value,
    };
}
