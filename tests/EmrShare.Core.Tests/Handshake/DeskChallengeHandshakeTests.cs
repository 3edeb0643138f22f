using EmrShare.Core.Handshake;
using EmrShare.Core.Crypto;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Handshake;

/// <summary>
/// The desk's check-in challenge bound into the handshake (protocol version 2): issued by this desk, at most 15
/// minutes old, spent once the patient authenticates, and covered by both signatures so it cannot be swapped.
/// </summary>
public sealed class DeskChallengeHandshakeTests
{
    private const ulong ChainId = 31337;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly EthECKey _patient = EthECKey.GenerateKey();
    private readonly EthECKey _hospital = EthECKey.GenerateKey();
    private readonly DeskChallenges _desk;
    private readonly HandshakeResponder _responder;

    public DeskChallengeHandshakeTests()
    {
        _desk = new DeskChallenges(_time);
        _responder = new HandshakeResponder(_hospital, ChainId, _time, desk: _desk);
    }

    private HandshakeInitiator Start(DeskChallenge desk) => HandshakeInitiator.Start(_patient, _hospital.Address(), ChainId, _time, desk: desk);

    private (SecureSession Patient, SecureSession Hospital) Run(HandshakeInitiator initiator)
    {
        var (finish, patient) = initiator.Complete(_responder.Respond(initiator.Init));
        return (patient, _responder.Complete(finish));
    }

    [Fact]
    public void Handshake_IssuedDeskChallenge_CompletesAsVersion2AndSpendsIt()
    {
        var initiator = Start(_desk.Issue());
        Assert.Equal(2, initiator.Init.ProtocolVersion);

        var (patient, hospital) = Run(initiator);
        using (patient)
        using (hospital)
        {
            Assert.Equal(patient.SessionId, hospital.SessionId);
        }

        Assert.Equal(0, _desk.Count);
    }

    [Fact]
    public void Respond_DeskChallengeNotIssuedHere_ThrowsReplayWithoutState()
    {
        var otherDesk = new DeskChallenges(_time).Issue();

        Assert.Throws<HandshakeReplayException>(() => _responder.Respond(Start(otherDesk).Init));
        Assert.Equal(0, _responder.PendingCount);
    }

    [Fact]
    public void Respond_DeskChallengeOlderThan15Minutes_ThrowsReplay()
    {
        var desk = _desk.Issue();
        _time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(2));

        Assert.Throws<HandshakeReplayException>(() => _responder.Respond(Start(desk).Init));
    }

    [Fact]
    public void Respond_DeskChallenge14MinutesOld_Completes()
    {
        var desk = _desk.Issue();
        _time.Advance(TimeSpan.FromMinutes(14));

        var (patient, hospital) = Run(Start(desk));
        patient.Dispose();
        hospital.Dispose();
    }

    [Fact]
    public void Handshake_DeskChallengeUsedTwice_SecondCheckInRefused()
    {
        var desk = _desk.Issue();
        var (patient, hospital) = Run(Start(desk));
        patient.Dispose();
        hospital.Dispose();

        Assert.Throws<HandshakeReplayException>(() => _responder.Respond(Start(desk).Init));
    }

    [Fact]
    public void Complete_TwoHandshakesRacingOnOneDeskChallenge_OnlyOneFinishes()
    {
        var desk = _desk.Issue();
        var first = Start(desk);
        var second = Start(desk);
        var (finishFirst, _) = first.Complete(_responder.Respond(first.Init));
        var (finishSecond, _) = second.Complete(_responder.Respond(second.Init));

        // Whichever finishes first wins; the other is refused (the order of the two is not what is asserted).
        var outcomes = new[] { finishSecond, finishFirst }.Select(f =>
        {
            try
            {
                _responder.Complete(f).Dispose();
                return true;
            }
            catch (HandshakeReplayException)
            {
                return false;
            }
        }).ToList();
        Assert.Equal(1, outcomes.Count(ok => ok));
    }

    [Fact]
    public void Respond_DeskChallengeWithAnotherIssueTime_ThrowsState()
    {
        var desk = _desk.Issue();

        Assert.Throws<HandshakeStateException>(() => _responder.Respond(Start(desk with { Issued = desk.Issued - 60 }).Init));
    }

    [Fact]
    public void Complete_DeskChallengeSwappedInTransit_PatientRefusesTheResponse()
    {
        // A relay that swaps the patient's desk code for another one the desk issued (both valid at the hospital):
        // the hospital signs a transcript with the other challenge, which the patient's transcript does not continue.
        var initiator = Start(_desk.Issue());
        var response = _responder.Respond(initiator.Init with { Desk = _desk.Issue() });

        Assert.Throws<HandshakeAuthenticationException>(() => initiator.Complete(response));
    }

    [Fact]
    public void Respond_VersionNotMatchingDeskPresence_ThrowsState()
    {
        var withDesk = Start(_desk.Issue()).Init;
        var without = HandshakeInitiator.Start(_patient, _hospital.Address(), ChainId, _time).Init;

        Assert.Throws<HandshakeStateException>(() => _responder.Respond(withDesk with { ProtocolVersion = 1 }));
        Assert.Throws<HandshakeStateException>(() => _responder.Respond(without with { ProtocolVersion = 2 }));
    }

    [Fact]
    public void Respond_DeskChallengeAtHospitalWithoutDesk_ThrowsState()
    {
        var noDesk = new HandshakeResponder(_hospital, ChainId, _time);

        Assert.Throws<HandshakeStateException>(() => noDesk.Respond(Start(_desk.Issue()).Init));
    }

    [Fact]
    public void Handshake_RemoteCheckInWithoutDeskChallenge_StillVersion1AndCompletes()
    {
        var initiator = HandshakeInitiator.Start(_patient, _hospital.Address(), ChainId, _time);
        Assert.Equal(1, initiator.Init.ProtocolVersion);

        var (patient, hospital) = Run(initiator);
        patient.Dispose();
        hospital.Dispose();
    }

    [Fact]
    public void Issue_PastCapacity_ForgetsTheOldest()
    {
        var small = new DeskChallenges(_time, capacity: 2);
        var oldest = small.Issue();
        small.Issue();
        small.Issue();

        Assert.Equal(2, small.Count);
        Assert.Throws<HandshakeReplayException>(() => small.Check(oldest));
    }
}
