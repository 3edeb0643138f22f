namespace EmrShare.Core.Signing;

/// <summary>An EIP-712 domain as fixed in docs/interfaces.md (name, version, chainId, verifyingContract).</summary>
public sealed record Eip712Domain(string Name, string Version, ulong ChainId, ChainAddress VerifyingContract)
{
    public const string TypeString = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
    public const string AccessControlName = "EmrShare AccessControl";
    public const string RecordsName = "EmrShare Records";

    public static Hash32 TypeHash { get; } = AbiWords.TypeHash(TypeString);

    /// <summary>Domain for grants, revocations and access requests.</summary>
    public static Eip712Domain AccessControl(ulong chainId, ChainAddress contract) => new(AccessControlName, "1", chainId, contract);

    /// <summary>Domain for practitioner-signed record manifests.</summary>
    public static Eip712Domain Records(ulong chainId, ChainAddress contract) => new(RecordsName, "1", chainId, contract);

    /// <summary>domainSeparator = hashStruct(EIP712Domain); equals the contract's _domainSeparatorV4().</summary>
    public Hash32 Separator => AbiWords.HashStruct(
        TypeHash, AbiWords.OfString(Name), AbiWords.OfString(Version), AbiWords.Of(ChainId), AbiWords.Of(VerifyingContract));
}
