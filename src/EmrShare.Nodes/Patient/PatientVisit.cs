using EmrShare.Core;
using EmrShare.Core.Handshake;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Patient;

/// <summary>An open, mutually authenticated visit at one hospital (the wallet side of the session).</summary>
public sealed class PatientVisit : IDisposable
{
    internal PatientVisit(ChainAddress hospital, IHospitalEndpoint endpoint, SecureSession session, string localPatientId)
    {
        Hospital = hospital;
        Endpoint = endpoint;
        Session = session;
        LocalPatientId = localPatientId;
    }

    public ChainAddress Hospital { get; }

    /// <summary>The hospital's own id for this patient (what its practitioners use); empty while a desk check-in is pending.</summary>
    public string LocalPatientId { get; private set; }

    /// <summary>A desk check-in the clerk has not confirmed yet: nothing is bound to a chart, no record can be pulled.</summary>
    public bool Pending => LocalPatientId.Length == 0;

    /// <summary>The six digits this device shows the clerk (derived from the handshake transcript; see <see cref="CheckInConfirmation"/>).</summary>
    public string ConfirmationCode => CheckInConfirmation.Of(Session.SessionId);

    internal void Confirmed(string localPatientId) => LocalPatientId = localPatientId;

    public Hash32 SessionId => Session.SessionId;

    internal IHospitalEndpoint Endpoint { get; }

    internal SecureSession Session { get; }

    public void Dispose() => Session.Dispose();
}
