using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Patient;

public sealed partial class PatientWallet
{
    /// <summary>
    /// Asks the hospital whether the clerk confirmed this pending desk check-in: true once confirmed (the visit then has
    /// its local id), false while it waits; a rejected check-in is an <see cref="AccessDeniedException"/>.
    /// </summary>
    public async Task<bool> AskDeskConfirmationAsync(PatientVisit visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (!visit.Pending)
        {
            return true;
        }

        var reply = await visit.Endpoint.DeskCheckInStatusAsync(visit.Session.Seal([]), cancellationToken).ConfigureAwait(false);
        var welcome = NodeJson.FromUtf8<VisitWelcome>(visit.Session.Open(reply));
        if (welcome.Pending || welcome.LocalPatientId.Length == 0)
        {
            return false;
        }

        visit.Confirmed(welcome.LocalPatientId);
        return true;
    }
}
