using EmrShare.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>The hospital's one read gate: audit of every decrypting read, need-to-know, no plaintext for admins, patient-visible reads of received records.</summary>
public sealed class RecordReaderTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    private const string Route = "test route";

    [Fact]
    public async Task ReadAsync_PatientCheckedInRecently_ReturnsContentAndAuditsWhoRoleRecordPatientRoute()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (visit, created) = await net.RecordAtAAsync(ct);

        var read = await net.A.Reader.ReadAsync(created.RecordId, new RecordReadRequest("dr-a", StaffRole.Clinician, Route), ct);

        Assert.Equal(SampleRecords.HbA1cBundle(), read.Record.Content);
        Assert.Equal("check-in", read.Basis);
        Assert.Null(read.Logged);
        var row = Assert.Single(await net.A.Database.ListReadsAsync(ct));
        Assert.Equal(("dr-a", "clinician", created.RecordId.ToString(), 1L, visit.LocalPatientId, Route, "check-in"),
            (row.Actor, row.Role, row.RecordId, row.Version!.Value, row.LocalPatientId, row.Route, row.Basis));
    }

    [Fact]
    public async Task ReadAsync_HospitalAdmin_RefusedWithoutPlaintextAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => net.A.Reader.ReadAsync(created.RecordId, new RecordReadRequest("admin-a", StaffRole.HospitalAdmin, Route), ct));

        var row = Assert.Single(await net.A.Database.ListReadsAsync(ct));
        Assert.Equal(("admin-a", "hospital-admin", "refused"), (row.Actor, row.Role, row.Basis));
    }

    [Fact]
    public async Task ReadAsync_CheckInOlderThanWindow_RefusedUnlessAssignedOrBreakGlass()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (visit, created) = await net.RecordAtAAsync(ct);
        await net.A.FundPractitionersAsync(0.1m, ct);
        // The same node four days later (a second instance on A's folder with a later clock; the window is 72 h).
        var options = new HospitalOptions("A", Path.Combine(net.Root, "hospital-A"), net.A.Keys, net.Access, net.Center.Addresses, net.Directory)
        {
            Time = new LaterTime(TimeSpan.FromDays(4)),
            WatchAccessRequests = false,
        };
        await using var later = await HospitalService.OpenAsync(options, ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => later.Reader.ReadAsync(created.RecordId, new RecordReadRequest("dr-a", StaffRole.Clinician, Route), ct));
        await later.Database.AssignAsync(new CareAssignmentRow { Actor = "dr-a", LocalPatientId = visit.LocalPatientId, AssignedBy = "admin-a", At = 0 }, ct);
        var assigned = await later.Reader.ReadAsync(created.RecordId, new RecordReadRequest("dr-a", StaffRole.Clinician, Route), ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => later.Reader.ReadAsync(created.RecordId, new RecordReadRequest("dr-b", StaffRole.Clinician, Route), ct));
        var practitioner = net.A.Keys.PractitionerAddresses[0];
        var emergency = await later.Reader.ReadAsync(created.RecordId, new RecordReadRequest("dr-b", StaffRole.Clinician, Route, practitioner, 2), ct);

        Assert.Equal("assignment", assigned.Basis);
        Assert.Equal(SampleRecords.HbA1cBundle(), emergency.Record.Content);
        Assert.Equal("break-glass", emergency.Basis);
        Assert.Contains(await net.Patient.GetAccessLogAsync(ct), e => e.Entry.Kind == PatientAuditKind.BreakGlassAccessed && e.Entry.TransactionHash == emergency.Logged!.TransactionHash);
        var bases = (await later.Database.ListReadsAsync(ct)).Select(r => (r.Actor, r.Basis, r.Reason)).ToList();
        Assert.Equal([("dr-a", "refused", null), ("dr-a", "assignment", null), ("dr-b", "refused", null), ("dr-b", "break-glass", "2")], bases);
    }

    [Fact]
    public async Task ReadAsync_RecordReceivedFromAnotherHospital_LoggedOnChainForThePatient()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);

        var read = await net.B.Reader.ReadAsync(created.RecordId, new RecordReadRequest("dr-b", StaffRole.Clinician, Route), ct);

        Assert.Equal(SampleRecords.HbA1cBundle(), read.Record.Content);
        Assert.NotNull(read.Logged);
        var entry = Assert.Single(await net.Patient.GetAccessLogAsync(ct), e => e.Entry.Kind == PatientAuditKind.AccessRecorded);
        Assert.Equal(read.Logged.TransactionHash, entry.Entry.TransactionHash);
        Assert.Equal(read.Logged.TransactionHash, Assert.Single(await net.B.Database.ListReadsAsync(ct)).TransactionHash);
    }

    private sealed class LaterTime(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
