using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using Nethereum.Signer;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// A patient-signed EIP-712 <c>Revoke(grantId)</c> with the grant reference the chain stores it under, as a file
/// the patient hands to a relay (the Center) — the patient's pseudonym never needs gas. Anyone may relay it:
/// the contract checks the signature, not the sender.
/// </summary>
public sealed record SignedRevocation(ChainAddress Grantee, Hash32 GrantId, Hash32 Scope, EthSignature Signature)
{
    /// <summary>Signs the revocation with the custodian pseudonym key that signed the grant.</summary>
    public static SignedRevocation Sign(Eip712Domain accessControl, ChainAddress grantee, Hash32 grantId, Hash32 scope, EthECKey pseudonymKey)
    {
        var signed = Eip712.Sign(accessControl, new Revoke(grantId), pseudonymKey);
        return new SignedRevocation(grantee, grantId, scope, signed.Signature);
    }

    public GrantRef Grant => new(Grantee.ToString(), GrantId.ToBytes32(), Scope.ToBytes32());

    public static Task<SignedRevocation> LoadAsync(string path, CancellationToken cancellationToken) =>
        JsonFiles.ReadAsync<SignedRevocation>(path, "revocation", cancellationToken);

    public Task SaveAsync(string path, CancellationToken cancellationToken) => JsonFiles.WriteAsync(path, this, cancellationToken);
}
