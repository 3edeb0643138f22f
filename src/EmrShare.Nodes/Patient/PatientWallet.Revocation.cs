using EmrShare.Chain;
using EmrShare.Core.Errors;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Patient;

/// <summary>
/// The relay answered, but the chain does not show the grant revoked: the grantee may still use it. The grant is
/// kept as pending (an alert); revoke again through another relay, e.g. <see cref="PatientWallet.OwnRelay"/>.
/// </summary>
[ErrorKind(ErrorKind.UpstreamFailed)]
public sealed class RevocationNotConfirmedException(string message) : NodeException(message);

public sealed partial class PatientWallet
{
    /// <summary>
    /// The second relay path: the wallet submits the signed revocation itself, from its index account (funded at
    /// enrolment for index anchors). It needs no one's cooperation, at a privacy cost: the transaction links the index
    /// account to this custodian pseudonym on chain, so it is the fallback when the Center's relay does not confirm.
    /// </summary>
    public IRevocationRelay OwnRelay => new IndexAccountRelay(Chain);

    /// <summary>
    /// Signs Revoke(grantId) with the custodian pseudonym and has <paramref name="relay"/> submit it. The grant counts
    /// as revoked only once the chain itself says so (the relay's receipt is not taken on its word): until then it
    /// is pending (<see cref="PendingRevocations"/>) and <see cref="RevocationNotConfirmedException"/> is thrown, so
    /// the caller can alert and relay again. A relay that fails outright also leaves the grant pending.
    /// </summary>
    public async Task<ChainReceipt> RevokeAsync(GrantAccepted grant, IRevocationRelay relay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(relay);
        var signed = Eip712.Sign(AccessDomain, new Revoke(grant.GrantId), _identity.PseudonymKey(grant.Custodian));
        var given = Given.All.Any(g => g.Grant.GrantId == grant.GrantId);
        if (given)
        {
            await Given.MarkRevocationPendingAsync(grant.GrantId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        var receipt = await relay.RelayRevocationAsync(RefOf(grant), signed.Signature, cancellationToken).ConfigureAwait(false);
        if (!await IsRevokedOnChainAsync(grant, cancellationToken).ConfigureAwait(false))
        {
            throw new RevocationNotConfirmedException("the relay answered, but the chain does not show this grant revoked: it stays pending; relay it again another way");
        }

        if (given)
        {
            await Given.MarkRevokedAsync(grant.GrantId, receipt.TransactionHash, cancellationToken).ConfigureAwait(false);
        }

        return receipt;
    }

    /// <summary>Given grants whose revocation the chain does not show yet (alerts for the patient).</summary>
    public IReadOnlyList<GivenGrant> PendingRevocations => [.. Given.All.Where(g => g.RevocationPending)];

    /// <summary>
    /// Asks the chain about every pending revocation (a relay may mine late): the confirmed ones are marked revoked;
    /// the rest are returned, still pending.
    /// </summary>
    public async Task<IReadOnlyList<GivenGrant>> CheckPendingRevocationsAsync(CancellationToken cancellationToken)
    {
        foreach (var pending in PendingRevocations)
        {
            if (await IsRevokedOnChainAsync(pending.Grant, cancellationToken).ConfigureAwait(false))
            {
                await Given.MarkRevokedAsync(pending.Grant.GrantId, "confirmed on chain", cancellationToken).ConfigureAwait(false);
            }
        }

        return PendingRevocations;
    }

    private async Task<bool> IsRevokedOnChainAsync(GrantAccepted grant, CancellationToken cancellationToken) =>
        (await Chain.AccessControl.GetGrantAsync(RefOf(grant), cancellationToken).ConfigureAwait(false)).Revoked;

    private static GrantRef RefOf(GrantAccepted grant) => new(grant.Grantee.ToString(), grant.GrantId.ToBytes32(), grant.Scope.ToBytes32());

    /// <summary>Submits revokeBySig from the wallet's own (index) account.</summary>
    private sealed class IndexAccountRelay(IEmrShareChain chain) : IRevocationRelay
    {
        public async Task<ChainReceipt> RelayRevocationAsync(GrantRef grant, EthSignature signature, CancellationToken cancellationToken)
        {
            try
            {
                return await chain.AccessControl.RevokeBySignatureAsync(grant, signature.ToBytes(), cancellationToken).ConfigureAwait(false);
            }
            catch (ContractRevertedException ex)
            {
                throw new AccessDeniedException($"the chain refused the revocation ({ex.ErrorName})", ex);
            }
        }
    }
}
