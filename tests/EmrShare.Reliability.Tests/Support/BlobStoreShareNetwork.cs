using EmrShare.Chain;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// Custodian A keeping its envelopes in an external store (an <c>emrshare store serve</c> node) with its chain watcher
/// on, grantee B with its embedded store reading A's envelopes from that same store, and one patient admitted at
/// both with an open visit at A (for creates) and at B (for grants). All in this process except the store.
/// </summary>
internal sealed class BlobStoreShareNetwork : IAsyncDisposable
{
    private BlobStoreShareNetwork(IEmrShareChain reader, HospitalService a, HospitalService b, PatientWallet patient, PatientVisit visitAtA, PatientVisit visitAtB)
    {
        Reader = reader;
        A = a;
        B = b;
        Patient = patient;
        VisitAtA = visitAtA;
        VisitAtB = visitAtB;
    }

    /// <summary>Read-only contract calls (bound to A's account; sends nothing).</summary>
    public IEmrShareChain Reader { get; }

    public HospitalService A { get; }

    public HospitalService B { get; }

    public PatientWallet Patient { get; }

    public PatientVisit VisitAtA { get; }

    public PatientVisit VisitAtB { get; }

    /// <summary>Deploys, opens A (envelopes at <paramref name="store"/>, A's own client) and B (reads A's envelopes there through another client), admits the patient.</summary>
    public static async Task<BlobStoreShareNetwork> StartAsync(ChainAccess access, IReadOnlyList<string> devKeys, string root, HttpClient http, Uri store, CancellationToken ct)
    {
        var center = await CenterService.DeployAsync(access, devKeys[0], ct);
        var directory = new HospitalDirectory();
        var a = await HospitalService.OpenAsync(new HospitalOptions("A", Path.Combine(root, "hospital-A"), HospitalKeys.Generate(devKeys[1]), access, center.Addresses, directory)
        {
            Store = BlobStoreHospital.Remote(http, store),
        }, ct);
        var b = await HospitalService.OpenAsync(new HospitalOptions("B", Path.Combine(root, "hospital-B"), HospitalKeys.Generate(devKeys[2]), access, center.Addresses, directory)
        {
            // Bounded: a share whose answer cannot be collected ends in a typed timeout, never blocks a load loop.
            FulfilmentTimeout = TimeSpan.FromSeconds(4),
        }, ct);
        foreach (var hospital in new[] { a, b })
        {
            await center.RegisterHospitalAsync(hospital.Address, hospital.Keys.EncryptionPublicKey, "Hospital " + hospital.Name, ct);
            await center.RegisterPractitionerAsync(hospital.Keys.PractitionerAddresses[0], hospital.Address, ct);
        }

        // As a peers file would: B reaches A's envelopes at the store URL, not through A's own client object.
        directory.Add(new HospitalContact(a.Address, new InProcessHospitalEndpoint(a), BlobStoreHospital.Remote(http, store)));
        directory.Add(new HospitalContact(b.Address, new InProcessHospitalEndpoint(b), b.Store));
        var wallet = await PatientWallet.OpenAsync(Path.Combine(root, "patient"), TestIdentities.Create([a.Address, b.Address]), access, center.Addresses, TimeProvider.System, ct);
        await center.RegisterPatientsAsync([wallet.RegistrationRequest([a.Address, b.Address])], 0m, ct);
        var visitAtA = await wallet.BeginVisitAsync(new InProcessHospitalEndpoint(a), a.Address, ct);
        var visitAtB = await wallet.BeginVisitAsync(new InProcessHospitalEndpoint(b), b.Address, ct);
        return new BlobStoreShareNetwork(access.Bind(devKeys[1], center.Addresses), a, b, wallet, visitAtA, visitAtB);
    }

    public async ValueTask DisposeAsync()
    {
        VisitAtA.Dispose();
        VisitAtB.Dispose();
        Patient.Dispose();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
