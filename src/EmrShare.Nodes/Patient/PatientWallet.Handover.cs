using EmrShare.Core.Signing;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Patient;

public sealed partial class PatientWallet
{
    /// <summary>
    /// Hands a grant already on chain (relayed, as the phone does through the Center) to its grantee in a visit there:
    /// the same visit route as <see cref="OfferGrantAsync"/>, with a <see cref="GrantHandover"/> signed by the grant's
    /// own pseudonym key for the patient's pseudonym at the grantee. The grantee checks the grant on chain and keeps
    /// it with the listed records; nothing is sent on chain.
    /// </summary>
    public async Task<GrantAccepted> HandOverAsync(PatientVisit visitAtGrantee, GrantOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitAtGrantee);
        ArgumentNullException.ThrowIfNull(offer);
        var handover = GrantHandover.Sign(AccessDomain, offer.Grant.Message, PseudonymAt(visitAtGrantee.Hospital).Address, _identity.PseudonymKey(offer.Custodian), _time);
        var reply = await visitAtGrantee.Endpoint.SubmitGrantAsync(visitAtGrantee.Session.Seal(NodeJson.ToUtf8(offer with { Handover = handover })), cancellationToken).ConfigureAwait(false);
        var accepted = NodeJson.FromUtf8<GrantAccepted>(visitAtGrantee.Session.Open(reply));
        var expiry = DateTimeOffset.FromUnixTimeSeconds((long)offer.Grant.Message.Expiry);
        await Given.AddAsync(new GivenGrant(accepted, offer.Records, expiry, null), cancellationToken).ConfigureAwait(false);
        return accepted;
    }
}
