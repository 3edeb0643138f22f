namespace EmrShare.Core.Signing;

/// <summary>
/// A typed message with the domain it was signed for and its signature — the JSON DTO that travels between
/// wallet, hospitals and relayer. The domain travels so a wrong-chain submission is reported as such.
/// </summary>
public sealed record SignedTypedData<T>(Eip712Domain Domain, T Message, EthSignature Signature)
    where T : ITypedMessage
{
    /// <summary>The EIP-712 digest (for a grant: its grantId).</summary>
    public Hash32 Digest => Eip712.Digest(Domain, Message);
}
