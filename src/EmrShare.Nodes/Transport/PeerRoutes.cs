namespace EmrShare.Nodes.Transport;

/// <summary>
/// The ONE route table of the hospital peer protocol: <see cref="PeerEndpoints"/> maps exactly these on the
/// server and <see cref="HttpHospitalEndpoint"/> posts to exactly these, so the two cannot drift apart.
/// Paths are relative (no leading slash) so a hospital can be served under a base path.
/// </summary>
public static class PeerRoutes
{
    public const string VisitBegin = "v1/visit/begin";
    public const string VisitFinish = "v1/visit/finish";
    public const string VisitDeliveries = "v1/visit/deliveries";
    public const string VisitGrant = "v1/visit/grant";
    public const string FulfilmentCollect = "v1/fulfilment/collect";

    /// <summary>The patient's device reads one of its envelopes in its visit (wallet PWA only; not in <see cref="IHospitalEndpoint"/>).</summary>
    public const string VisitEnvelope = "v1/visit/envelope";

    /// <summary>A phone asks whether the desk confirmed its check-in (<see cref="IHospitalEndpoint.DeskCheckInStatusAsync"/>; not in <see cref="All"/>, which the other endpoints relay).</summary>
    public const string VisitStatus = "v1/visit/status";

    /// <summary>Every route, in the order of <see cref="IHospitalEndpoint"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [VisitBegin, VisitFinish, VisitDeliveries, VisitGrant, FulfilmentCollect];
}
