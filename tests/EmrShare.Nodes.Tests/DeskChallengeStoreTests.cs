using EmrShare.Core;
using EmrShare.Core.Handshake;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests;

/// <summary>Issue 17: the desk's check-in challenges live in the hospital's SQLite database (a restart keeps the codes on screen), still single use.</summary>
public sealed class DeskChallengeStoreTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task DeskCode_HospitalRestartsBeforeThePhoneScans_CheckInWorksOnceAfterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var code = net.A.DeskChallenges.Issue();
        await net.A.DisposeAsync();
        var restarted = await net.ReopenAsync(net.A, ct);

        using var visit = await net.Patient.BeginVisitAsync(net.EndpointOf(restarted), restarted.Address, code, ct);
        Assert.True(visit.Pending);
        await Assert.ThrowsAsync<HandshakeReplayException>(() => net.Patient.BeginVisitAsync(net.EndpointOf(restarted), restarted.Address, code, ct));
    }

    [Fact]
    public async Task DeskCode_TwoPhonesRaceOneCode_ExactlyOneChecksIn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var hospitals = new[] { net.A.Address, net.B.Address, net.C.Address };
        using var other = await PatientWallet.OpenAsync(Path.Combine(net.Root, "other"), TestIdentities.Create(hospitals), net.Access, net.Center.Addresses, TimeProvider.System, ct);
        await net.Center.RegisterPatientsAsync([other.RegistrationRequest(hospitals)], 1m, ct);
        var code = net.A.DeskChallenges.Issue();

        // Whichever finishes first wins; the property is that exactly one does and the other is told the code is used.
        var attempts = new[] { net.Patient, other }.Select(w => Attempt(w.BeginVisitAsync(net.EndpointOf(net.A), net.A.Address, code, ct))).ToArray();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o.Visit is not null);
        Assert.IsType<HandshakeReplayException>(Assert.Single(outcomes, o => o.Visit is null).Error);
        Assert.Equal(DeskCheckInState.Pending, net.A.DeskCheckIn(code.Challenge)!.State);
        foreach (var o in outcomes)
        {
            o.Visit?.Dispose();
        }
    }

    [Fact]
    public async Task Spend_ManyConcurrentSpendsOfOneChallenge_ExactlyOneSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.Combine(Path.GetTempPath(), "emrshare-desk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var database = await HospitalDatabase.OpenAsync(Path.Combine(folder, "emr.db"), ct);
            var store = new SqliteDeskChallenges(database, TimeProvider.System);
            var code = store.Issue();
            store.Check(code);

            var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            {
                try
                {
                    store.Spend(code);
                    return true;
                }
                catch (HandshakeReplayException)
                {
                    return false;
                }
            }, ct)));

            Assert.Equal(1, results.Count(r => r));
            Assert.Throws<HandshakeReplayException>(() => store.Check(code));
            database.ReleaseConnections();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Check_UnknownExpiredOrOtherIssueTime_RefusedTyped()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.Combine(Path.GetTempPath(), "emrshare-desk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var database = await HospitalDatabase.OpenAsync(Path.Combine(folder, "emr.db"), ct);
            var clock = new SettableClock(DateTimeOffset.UtcNow);
            var store = new SqliteDeskChallenges(database, clock);
            var code = store.Issue();

            Assert.Throws<HandshakeReplayException>(() => store.Check(new DeskChallenge(Hash32.FromBytes(new byte[32].Select((_, i) => (byte)i).ToArray()), code.Issued)));
            Assert.Throws<HandshakeStateException>(() => store.Check(code with { Issued = code.Issued - 1 }));
            Assert.Throws<HandshakeStateException>(() => store.Spend(code with { Issued = code.Issued - 1 }));
            clock.Now += DeskChallenges.MaxAge - TimeSpan.FromSeconds(1);
            store.Check(code);
            clock.Now += TimeSpan.FromSeconds(2);
            Assert.Throws<HandshakeReplayException>(() => store.Check(code));
            Assert.Throws<HandshakeReplayException>(() => store.Spend(code));
            database.ReleaseConnections();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(PatientVisit? Visit, Exception? Error)> Attempt(Task<PatientVisit> visit)
    {
        try
        {
            return (await visit, null);
        }
        catch (HandshakeReplayException ex)
        {
            return (null, ex);
        }
    }

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
