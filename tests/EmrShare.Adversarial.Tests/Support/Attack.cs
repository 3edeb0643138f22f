using System.Security.Cryptography;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;

namespace EmrShare.Adversarial.Tests.Support;

/// <summary>Steps the attacks share: honest setup, a second patient under the test's control, "nothing stored" checks.</summary>
internal static class Attack
{
    public static ulong ChainId => (ulong)AdversarialLedger.ChainId;

    public static Eip712Domain AccessDomain(NodeNetwork net) =>
        Eip712Domain.AccessControl(ChainId, ChainAddress.Parse(net.Center.Addresses.AccessControl));

    public static Eip712Domain RecordsDomain(NodeNetwork net) =>
        Eip712Domain.Records(ChainId, ChainAddress.Parse(net.Center.Addresses.Records));

    /// <summary>The honest patient visits B and grants it <paramref name="records"/> at A.</summary>
    public static async Task<GrantAccepted> GrantToBAsync(NodeNetwork net, IReadOnlyList<RecordId> records, CancellationToken ct)
    {
        using var visitB = await net.VisitAsync(net.B, ct);
        return await net.Patient.GrantAsync(visitB, net.A.Address, records, NodeNetwork.InAWeek, ct);
    }

    /// <summary>Registers a second patient whose keys the test holds (pseudonyms at A, B and C).</summary>
    public static async Task<PatientIdentity> RegisterOwnPatientAsync(NodeNetwork net, CancellationToken ct)
    {
        var patient = PatientIdentity.Create();
        var pseudonyms = new[] { net.A, net.B, net.C }.Select(h => patient.PseudonymAt(h.Address).Address).ToList();
        await net.Center.RegisterPatientAsync(patient.IdentityCommitment(Hash32.FromBytes(RandomNumberGenerator.GetBytes(32))), pseudonyms, patient.IndexKey().Address(), 0m, ct);
        return patient;
    }

    public static Task<RogueVisit> VisitAsync(NodeNetwork net, PatientIdentity patient, HospitalService hospital, CancellationToken ct) =>
        RogueVisit.OpenAsync(net.EndpointOf(hospital), patient.PseudonymKey(hospital.Address), hospital.Address, ChainId, ct);

    /// <summary>Creates a record at <paramref name="hospital"/> for a patient the test controls.</summary>
    public static async Task<RecordCreated> RecordForAsync(NodeNetwork net, PatientIdentity patient, HospitalService hospital, decimal value, CancellationToken ct)
    {
        using var visit = await VisitAsync(net, patient, hospital, ct);
        return await hospital.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(value), "application/fhir+json", hospital.Keys.PractitionerAddresses[0], ct);
    }

    /// <summary>Grant events the chain holds for a pseudonym.</summary>
    public static async Task<int> GrantEventsAsync(NodeNetwork net, Pseudonym pseudonym, CancellationToken ct) =>
        (await net.Center.Chain.AccessControl.GetPatientHistoryAsync(pseudonym.Address.ToString(), ct)).Count(e => e.Kind == PatientAuditKind.GrantCreated);

    public static async Task<int> FulfilmentEventsAsync(NodeNetwork net, Pseudonym pseudonym, CancellationToken ct) =>
        (await net.Center.Chain.AccessControl.GetPatientHistoryAsync(pseudonym.Address.ToString(), ct)).Count(e => e.Kind == PatientAuditKind.AccessFulfilled);

    /// <summary>The grantee kept nothing: no received record row, no blob pinned beyond what it had before.</summary>
    public static async Task AssertStoredNothingAsync(NodeNetwork net, HospitalService grantee, int pinsBefore, CancellationToken ct)
    {
        Assert.Equal(0, await net.ReceivedCountAsync(grantee, ct));
        Assert.Equal(pinsBefore, await grantee.Store.ListPinsAsync(ct).CountAsync(ct));
    }

    public static Task<int> PinsAsync(HospitalService hospital, CancellationToken ct) => hospital.Store.ListPinsAsync(ct).CountAsync(ct).AsTask();

    /// <summary>Makes A's directory entry answer through a dishonest endpoint and/or store.</summary>
    public static void UseDishonestA(NodeNetwork net, Func<Fulfilment, Fulfilment>? tamper = null, Storage.IBlobStore? store = null)
    {
        IHospitalEndpoint endpoint = new InProcessHospitalEndpoint(net.A);
        if (tamper is not null)
        {
            endpoint = new TamperingEndpoint(endpoint, tamper);
        }

        net.Directory.Add(new HospitalContact(net.A.Address, endpoint, store ?? net.A.Store));
    }

    /// <summary>The hospital's chain account key (dev keys 1–3 for A–C in <see cref="NodeNetwork"/>).</summary>
    public static Nethereum.Signer.EthECKey AccountKey(int hospitalIndex) =>
        PrivateKeys.FromScalar(HexBytes.Parse(AdversarialLedger.Keys[hospitalIndex], 32, "key"));

    /// <summary>A raw chain binding for a hospital that bypasses its node's checks.</summary>
    public static IEmrShareChain RawChain(AdversarialLedger ledger, NodeNetwork net, int keyIndex) =>
        ledger.Access.Bind(AdversarialLedger.Keys[keyIndex], net.Center.Addresses);
}
