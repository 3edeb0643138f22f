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

    /// <summary>The hospital's own id for this patient (what its practitioners use).</summary>
    public string LocalPatientId { get; }

    public Hash32 SessionId => Session.SessionId;

    internal IHospitalEndpoint Endpoint { get; }

    internal SecureSession Session { get; }

    public void Dispose() => Session.Dispose();
}
