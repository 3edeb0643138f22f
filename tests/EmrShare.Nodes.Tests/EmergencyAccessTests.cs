using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Break-glass for a record held elsewhere (issue 16 #9), on a real Hardhat chain with real nodes: a patient arrives
/// unconscious at B with records at A; B's practitioner sends an emergency request on chain, A's watcher serves it
/// under its break-glass policy, B verifies and files the copy, and the patient's log names B.
/// </summary>
public sealed class EmergencyAccessTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    private const string Chart = "B-ER-0001";
    private const string Route = "test route";

    [Fact]
    public async Task RequestEmergencyRecord_PatientUnconsciousAtB_AServesBReadsIdenticalCopyAndPatientLogNamesB()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (visitA, created) = await net.RecordAtAAsync(ct);
        await net.B.FundPractitionersAsync(0.1m, ct);
        var doctor = net.B.Keys.PractitionerAddresses[0];

        // No visit, no grant at B: the patient cannot consent.
        var received = await net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, created.RecordId, 1, doctor, Chart), ct);
        var read = await net.B.Reader.ReadAsync(created.RecordId, new RecordReadRequest("dr-b", StaffRole.Clinician, Route, doctor, 1), ct);

        Assert.Equal((created.RecordId, 1u, net.A.Address, created.Cid), (received.RecordId, received.Version, received.Custodian, received.Cid));
        Assert.Equal(SampleRecords.HbA1cBundle(), read.Record.Content);
        Assert.Equal("break-glass", read.Basis);
        var copy = Assert.Single(await net.B.Database.ListRecordsAsync(ct), r => r.Origin == "received");
        Assert.Equal(Chart, copy.LocalPatientId);

        // The patient's log: the break-glass entry names B (the hospital that broke the glass), not A, and B's read follows.
        var log = await net.Patient.GetAccessLogAsync(ct);
        var broke = Assert.Single(log, l => l.Entry.Kind == PatientAuditKind.BreakGlassAccessed);
        Assert.Equal(net.B.Address, ChainAddress.Parse(broke.Entry.Counterparty!));
        Assert.Equal((ushort)1, broke.Entry.Code);
        Assert.Equal(received.FulfilmentTransaction, broke.Entry.TransactionHash);
        var readLogged = Assert.Single(log, l => l.Entry.Kind == PatientAuditKind.AccessRecorded);
        Assert.Equal(net.B.Address, ChainAddress.Parse(readLogged.Entry.Counterparty!));

        // Audited locally on both sides: A's disclosure with the requesting practitioner and reason, B's request, copy and read.
        var atA = Assert.Single(await net.A.Database.ListReadsAsync(ct), r => r.Basis == "break-glass");
        Assert.Equal((doctor.Lower, "1", visitA.LocalPatientId), (atA.Actor, atA.Reason, atA.LocalPatientId));
        Assert.Contains(await net.A.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.EmergencyFulfilAudit && a.Counterpart == net.B.Address.Lower);
        var auditB = (await net.B.Database.ListAuditAsync(ct)).Select(a => a.Kind).ToList();
        Assert.Contains(HospitalService.EmergencyRequestAudit, auditB);
        Assert.Contains("receive", auditB);
        var readAtB = Assert.Single(await net.B.Database.ListReadsAsync(ct));
        Assert.Equal(("break-glass", "1", read.Logged!.TransactionHash), (readAtB.Basis, readAtB.Reason, readAtB.TransactionHash));
    }

    [Fact]
    public async Task ReadReceivedCopyUnderBreakGlass_PractitionerKeyNotActiveHere_RefusedAuditedAndNotLogged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await net.B.FundPractitionersAsync(0.1m, ct);
        await net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, created.RecordId, 1, net.B.Keys.PractitionerAddresses[0], Chart), ct);

        // A's practitioner key (registered, but at A) and an unregistered key cannot open B's copy under break-glass.
        foreach (var key in new[] { net.A.Keys.PractitionerAddresses[0], ChainAddress.Parse("0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))) })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.Reader.ReadAsync(created.RecordId, new RecordReadRequest("dr-x", StaffRole.Clinician, Route, key, 1), ct));
        }

        var reads = await net.B.Database.ListReadsAsync(ct);
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Equal("refused", r.Basis));
        Assert.DoesNotContain(await net.Patient.GetAccessLogAsync(ct), l => l.Entry.Kind == PatientAuditKind.AccessRecorded);
    }

    [Fact]
    public async Task RequestEmergencyRecord_CustodianPolicyRefuses_ThrowsAccessDeniedNothingDeliveredNothingInPatientLog()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await net.B.FundPractitionersAsync(0.1m, ct);
        await net.A.DisposeAsync();
        var refusing = await net.ReopenAsync(net.A, ct, o => o with { BreakGlassPolicy = BreakGlassPolicy.Refuse });

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(refusing.Address, created.RecordId, 2, net.B.Keys.PractitionerAddresses[0], Chart), ct));

        Assert.Contains("break-glass policy", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
        Assert.DoesNotContain(await net.Patient.GetAccessLogAsync(ct), l => l.Entry.Kind is PatientAuditKind.BreakGlassAccessed or PatientAuditKind.AccessFulfilled);
        var atA = Assert.Single(await refusing.Database.ListReadsAsync(ct));
        Assert.Equal(("refused", "2"), (atA.Basis, atA.Reason));
        Assert.Contains(await refusing.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.EmergencyRefuseAudit);
    }

    [Fact]
    public async Task RequestEmergencyRecord_PractitionerDeactivated_ChainRefusesTypedAndNothingDelivered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await net.B.FundPractitionersAsync(0.1m, ct);
        var doctor = net.B.Keys.PractitionerAddresses[0];
        await net.Center.Chain.Registry.DeactivatePractitionerAsync(doctor.ToString(), ct);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, created.RecordId, 1, doctor, Chart), ct));

        Assert.Contains("AccessControlPractitionerNotActive", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
        Assert.Empty(await net.A.Database.ListFulfilmentsAsync(ct));
        Assert.DoesNotContain(await net.Patient.GetAccessLogAsync(ct), l => l.Entry.Kind == PatientAuditKind.BreakGlassAccessed);
    }

    [Fact]
    public async Task RequestEmergencyRecord_CustodianUnknownToDirectory_RefusedBeforeAnyTransaction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await net.B.FundPractitionersAsync(0.1m, ct);
        var doctor = net.B.Keys.PractitionerAddresses[0];
        var web3 = net.Access.Connect(net.A.Keys.AccountKeyHex);
        var before = await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(doctor.ToString());
        var stranger = PrivateKeys.FromScalar(HospitalKeys.NewSigningKey()).Address();

        await Assert.ThrowsAsync<UnknownEntityException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(stranger, created.RecordId, 1, doctor, Chart), ct));

        Assert.Equal(before.Value, (await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(doctor.ToString())).Value);
    }
}
