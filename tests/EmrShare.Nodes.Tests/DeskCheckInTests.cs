using System.Net;
using System.Net.Http.Json;
using EmrShare.Core;
using EmrShare.Core.Handshake;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Issue 17: a hospital that requires the desk's code, and the clerk's confirmation of a desk check-in (review
/// finding 6: a photographed desk code must not let another enrolled patient check in in the real patient's place).
/// </summary>
public sealed class DeskCheckInTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task BeginVisit_RemoteCheckInsOff_V1Refused403TypedAndDeskCheckInAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        await net.A.DisposeAsync();
        var deskOnly = await net.ReopenAsync(net.A, ct, o => o with { AcceptRemoteCheckIns = false });
        await using var server = await HospitalHttpServer.StartAsync(deskOnly, FreePort.Next(), ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var endpoint = new HttpHospitalEndpoint(http, server.BaseAddress);

        // Over HTTP a version-1 message 1 is a 403 whose body names the refusal; the client raises the same type.
        var key = Core.Identity.PatientIdentity.FromMasterSecret(net.PatientMasterSecret).PseudonymKey(deskOnly.Address);
        var init = HandshakeInitiator.Start(key, deskOnly.Address, 31337, TimeProvider.System).Init;
        using var raw = await http.PostAsJsonAsync(new Uri(server.BaseAddress, PeerRoutes.VisitBegin), init, NodeJson.Options, ct);
        Assert.Equal(HttpStatusCode.Forbidden, raw.StatusCode);
        var error = NodeJson.FromUtf8<PeerError>(await raw.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal(nameof(DeskChallengeRequiredException), error.Error);
        Assert.Contains("only at its desk", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DeskChallengeRequiredException>(() => net.Patient.BeginVisitAsync(endpoint, deskOnly.Address, ct));

        // With the desk's code the same patient checks in (pending the clerk's confirmation).
        using var visit = await net.Patient.BeginVisitAsync(endpoint, deskOnly.Address, Desk(deskOnly), ct);
        Assert.True(visit.Pending);
    }

    [Fact]
    public async Task DeskCheckIn_PhotographedCodeSpentByAnotherPatient_NeverBoundAndDeskSeesCodeUsed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        using var attacker = await EnrolAnotherPatientAsync(net, ct);
        var code = Desk(net.A);
        Assert.Null(net.A.DeskCheckIn(code.Challenge));

        // The attacker photographed the desk's QR and checks in from elsewhere before the patient at the desk.
        using var stolen = await attacker.BeginVisitAsync(net.EndpointOf(net.A), net.A.Address, code, ct);
        Assert.True(stolen.Pending);
        Assert.Equal(DeskCheckInState.Pending, net.A.DeskCheckIn(code.Challenge)!.State);

        // The real patient's phone cannot use the spent code; the clerk has no digits from a phone in front of them.
        await Assert.ThrowsAsync<HandshakeReplayException>(() => net.Patient.BeginVisitAsync(net.EndpointOf(net.A), net.A.Address, code, ct));
        Assert.False(await attacker.AskDeskConfirmationAsync(stolen, ct));
        await Assert.ThrowsAsync<DeskConfirmationMismatchException>(() => net.A.ConfirmDeskCheckInAsync(code.Challenge, Other(stolen.ConfirmationCode), ct));
        await net.A.RejectDeskCheckInAsync(code.Challenge, ct);

        Assert.Equal(DeskCheckInState.Rejected, net.A.DeskCheckIn(code.Challenge)!.State);
        Assert.Null(await net.A.Database.FindPatientByPseudonymAsync(attacker.PseudonymAt(net.A.Address).Address.Lower, ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => attacker.AskDeskConfirmationAsync(stolen, ct));
        await Assert.ThrowsAsync<UnknownEntityException>(() => attacker.CollectRecordsAsync(stolen, ct));
        await Assert.ThrowsAsync<DeskCheckInClosedException>(() => net.A.ConfirmDeskCheckInAsync(code.Challenge, stolen.ConfirmationCode, ct));
        Assert.Null(await net.A.Database.FindPatientByPseudonymAsync(attacker.PseudonymAt(net.A.Address).Address.Lower, ct));
    }

    [Fact]
    public async Task DeskCheckIn_ClerkTypesThePhonesDigits_PatientBoundAndRecordReachesPhone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var code = Desk(net.A);
        using var visit = await net.Patient.BeginVisitAsync(net.EndpointOf(net.A), net.A.Address, code, ct);
        var pseudonym = net.Patient.PseudonymAt(net.A.Address).Address.Lower;
        Assert.True(visit.Pending);
        Assert.Null(await net.A.Database.FindPatientByPseudonymAsync(pseudonym, ct));
        Assert.False(await net.Patient.AskDeskConfirmationAsync(visit, ct));

        var digits = visit.ConfirmationCode;
        var localId = await net.A.ConfirmDeskCheckInAsync(code.Challenge, digits[..3] + " " + digits[3..], ct);

        Assert.Equal(localId, (await net.A.Database.FindPatientByPseudonymAsync(pseudonym, ct))!.LocalId);
        Assert.Equal(DeskCheckInState.Confirmed, net.A.DeskCheckIn(code.Challenge)!.State);
        Assert.True(await net.Patient.AskDeskConfirmationAsync(visit, ct));
        Assert.Equal(localId, visit.LocalPatientId);
        var record = await net.A.CreateRecordAsync(localId, SampleRecords.HbA1cBundle(), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        var (added, _) = await net.Patient.CollectRecordsAsync(visit, ct);
        Assert.Equal(record.RecordId, Assert.Single(added).RecordId);
    }

    [Fact]
    public async Task ConfirmDeskCheckIn_WrongDigits_RefusedNothingBoundAndThirdWrongTryRejects()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var code = Desk(net.A);
        using var visit = await net.Patient.BeginVisitAsync(net.EndpointOf(net.A), net.A.Address, code, ct);
        var pseudonym = net.Patient.PseudonymAt(net.A.Address).Address.Lower;

        foreach (var typed in new[] { Other(visit.ConfirmationCode), visit.ConfirmationCode[..5] })
        {
            await Assert.ThrowsAsync<DeskConfirmationMismatchException>(() => net.A.ConfirmDeskCheckInAsync(code.Challenge, typed, ct));
            Assert.Null(await net.A.Database.FindPatientByPseudonymAsync(pseudonym, ct));
            Assert.Equal(DeskCheckInState.Pending, net.A.DeskCheckIn(code.Challenge)!.State);
        }

        await Assert.ThrowsAsync<DeskConfirmationMismatchException>(() => net.A.ConfirmDeskCheckInAsync(code.Challenge, Other(visit.ConfirmationCode), ct));
        Assert.Equal(DeskCheckInState.Rejected, net.A.DeskCheckIn(code.Challenge)!.State);
        await Assert.ThrowsAsync<DeskCheckInClosedException>(() => net.A.ConfirmDeskCheckInAsync(code.Challenge, visit.ConfirmationCode, ct));
        Assert.Null(await net.A.Database.FindPatientByPseudonymAsync(pseudonym, ct));
    }

    [Fact]
    public void CheckInConfirmation_SameTranscript_SameSixDigitsOtherTranscriptOther()
    {
        var a = Hash32.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var b = Hash32.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Assert.Matches("^[0-9]{6}$", CheckInConfirmation.Of(a));
        Assert.Equal(CheckInConfirmation.Of(a), CheckInConfirmation.Of(Hash32.Parse(a.ToString())));
        Assert.True(CheckInConfirmation.Matches(a, CheckInConfirmation.Of(a)));
        Assert.False(CheckInConfirmation.Matches(a, null));
        Assert.False(CheckInConfirmation.Matches(a, Other(CheckInConfirmation.Of(a))));
        Assert.Equal(CheckInConfirmation.Of(b) == CheckInConfirmation.Of(a), CheckInConfirmation.Matches(b, CheckInConfirmation.Of(a)));
    }

    private static DeskChallenge Desk(HospitalService hospital) => hospital.DeskChallenges.Issue();

    /// <summary>Six digits that are not <paramref name="digits"/> (each digit shifted by one).</summary>
    private static string Other(string digits) => new(digits.Select(c => (char)('0' + ((c - '0' + 1) % 10))).ToArray());

    private static async Task<PatientWallet> EnrolAnotherPatientAsync(NodeNetwork net, CancellationToken ct)
    {
        var hospitals = new[] { net.A.Address, net.B.Address, net.C.Address };
        var wallet = await PatientWallet.OpenAsync(Path.Combine(net.Root, "attacker"), TestIdentities.Create(hospitals), net.Access, net.Center.Addresses, TimeProvider.System, ct);
        await net.Center.RegisterPatientsAsync([wallet.RegistrationRequest(hospitals)], 1m, ct);
        return wallet;
    }
}
