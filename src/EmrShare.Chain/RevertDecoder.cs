using System.Text.RegularExpressions;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Newtonsoft.Json.Linq;

namespace EmrShare.Chain;

/// <summary>
/// Turns whatever a node or Nethereum throws for a revert into <see cref="ContractRevertedException"/> with the
/// custom error's name, by matching the revert data's 4-byte selector against every error in the EmrShare ABIs.
/// Nodes differ in where they put revert data (RPC error data as a string or nested object, or only in the
/// message), so all of those are tried.
/// </summary>
public static partial class RevertDecoder
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> LazySelectors = new(BuildSelectors);

    /// <summary>Error name for 0x-prefixed revert data, or null when the selector is not an EmrShare error.</summary>
    public static string? ErrorNameFor(string? revertData)
    {
        if (revertData is null || revertData.Length < 10)
        {
            return null;
        }

        var selector = revertData[..10].ToLowerInvariant();
        if (LazySelectors.Value.TryGetValue(selector, out var name))
        {
            return name;
        }

        return selector switch
        {
            "0x08c379a0" => "Error",
            "0x4e487b71" => "Panic",
            _ => null,
        };
    }

    /// <summary>Maps a revert-shaped exception to <see cref="ContractRevertedException"/>; null if it is not a revert.</summary>
    public static ContractRevertedException? TryDecode(Exception exception)
    {
        var data = exception switch
        {
            SmartContractCustomErrorRevertException custom => custom.ExceptionEncodedData,
            SmartContractRevertException revert => revert.EncodedData,
            RpcResponseException rpc => DataOf(rpc.RpcError?.Data) ?? HexInMessage(rpc.RpcError?.Message),
            _ => null,
        };
        if (data is not null && !data.StartsWith("0x", StringComparison.Ordinal))
        {
            data = "0x" + data;
        }

        var name = ErrorNameFor(data);
        if (name is not null)
        {
            return new ContractRevertedException(name, data, exception);
        }

        // Some nodes only describe the error in the message ("reverted with custom error 'X(...)'").
        var message = exception is RpcResponseException r ? r.RpcError?.Message : exception.Message;
        var named = message is null ? null : CustomErrorInMessage().Match(message);
        if (named is { Success: true })
        {
            return new ContractRevertedException(named.Groups[1].Value, data, exception);
        }

        var isRevert = exception is SmartContractCustomErrorRevertException or SmartContractRevertException
            || (message?.Contains("revert", StringComparison.OrdinalIgnoreCase) ?? false);
        return isRevert ? new ContractRevertedException("Unknown", data, exception) : null;
    }

    private static string? DataOf(object? data) => data switch
    {
        null => null,
        string s => s,
        JValue v => v.Value?.ToString(),
        JObject o => (string?)o["data"] ?? DataOf(o["data"]),
        _ => data.ToString(),
    };

    private static string? HexInMessage(string? message)
    {
        var match = message is null ? null : HexData().Match(message);
        return match is { Success: true } ? match.Value : null;
    }

    private static Dictionary<string, string> BuildSelectors()
    {
        var selectors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var artifact in ContractArtifacts.All)
        {
            var abi = ABIDeserialiserFactory.DeserialiseContractABI(artifact.AbiJson);
            foreach (var error in abi.Errors ?? [])
            {
                selectors["0x" + error.Sha3Signature.ToLowerInvariant()] = error.Name;
            }
        }

        return selectors;
    }

    [GeneratedRegex("0x[0-9a-fA-F]{8,}")]
    private static partial Regex HexData();

    [GeneratedRegex("custom error '([A-Za-z0-9_]+)")]
    private static partial Regex CustomErrorInMessage();
}
