using System.Reflection;
using Newtonsoft.Json.Linq;

namespace EmrShare.Chain;

/// <summary>One compiled contract as committed under contracts/artifacts (produced by scripts/compile-contracts.mjs).</summary>
public sealed record ContractArtifact(string ContractName, string AbiJson, string Bytecode, string DeployedBytecode, string EvmVersion);

/// <summary>Loads the compiled contracts embedded in this assembly, so nothing at run time needs Node or solc.</summary>
public static class ContractArtifacts
{
    public const string RegistryName = "Registry";
    public const string RecordsName = "Records";
    public const string IndexName = "Index";
    public const string AccessControlName = "AccessControl";

    private static readonly Lazy<ContractArtifact> LazyRegistry = new(() => Load(RegistryName));
    private static readonly Lazy<ContractArtifact> LazyRecords = new(() => Load(RecordsName));
    private static readonly Lazy<ContractArtifact> LazyIndex = new(() => Load(IndexName));
    private static readonly Lazy<ContractArtifact> LazyAccessControl = new(() => Load(AccessControlName));

    public static ContractArtifact Registry => LazyRegistry.Value;

    public static ContractArtifact Records => LazyRecords.Value;

    public static ContractArtifact Index => LazyIndex.Value;

    public static ContractArtifact AccessControl => LazyAccessControl.Value;

    public static IReadOnlyList<ContractArtifact> All => [Registry, Records, Index, AccessControl];

    public static ContractArtifact Load(string contractName)
    {
        var resource = $"EmrShare.Chain.Artifacts.{contractName}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"contract artifact {resource} is not embedded; run node scripts/compile-contracts.mjs");
        using var reader = new StreamReader(stream);
        var json = JObject.Parse(reader.ReadToEnd());
        return new ContractArtifact(
            (string?)json["contractName"] ?? contractName,
            json["abi"]?.ToString(Newtonsoft.Json.Formatting.None) ?? throw new InvalidOperationException(resource + " has no abi"),
            (string?)json["bytecode"] ?? throw new InvalidOperationException(resource + " has no bytecode"),
            (string?)json["deployedBytecode"] ?? string.Empty,
            (string?)json["evmVersion"] ?? string.Empty);
    }
}
