using System.Text.Json;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Signing;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Handshake;

public sealed class HandshakeTests
{
    private const ulong ChainId = 31337;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly EthECKey _patient = EthECKey.GenerateKey();
    private readonly EthECKey _hospital = EthECKey.GenerateKey();
    private readonly HandshakeResponder _responder;

    public HandshakeTests() => _responder = new HandshakeResponder(_hospital, ChainId, _time);

    private HandshakeInitiator Start() => HandshakeInitiator.Start(_patient, _hospital.Address(), ChainId, _time);

    [Fact]
    public void Handshake_HonestParties_ShareSessionAndAuthenticatePeers()
    {
        var initiator = Start();
        var response = _responder.Respond(initiator.Init);
        var (finish, patientSession) = initiator.Complete(response);
        using var hospitalSession = _responder.Complete(finish);
        using var _ = patientSession;

        Assert.Equal(patientSession.SessionId, hospitalSession.SessionId);
        Assert.Equal(_hospital.Address(), patientSession.Peer);
        Assert.Equal(_patient.Address(), hospitalSession.Peer);
        Assert.Equal("hello hospital"u8.ToArray(), hospitalSession.Open(patientSession.Seal("hello hospital"u8)));
        Assert.Equal("hello patient"u8.ToArray(), patientSession.Open(hospitalSession.Seal("hello patient"u8)));
        Assert.Equal(0, _responder.PendingCount);
    }

    [Fact]
    public void Handshake_OverJson_Completes()
    {
        var initiator = Start();
        var init = RoundTrip(initiator.Init);
        var response = RoundTrip(_responder.Respond(init));
        var (finish, patientSession) = initiator.Complete(response);
        using var hospitalSession = _responder.Complete(RoundTrip(finish));
        using var _ = patientSession;
        var sealedMessage = RoundTrip(patientSession.Seal([1, 2, 3]));
        Assert.Equal(new byte[] { 1, 2, 3 }, hospitalSession.Open(sealedMessage));
    }

    [Fact]
    public void Respond_ReplayedInit_ThrowsReplay()
    {
        var initiator = Start();
        _responder.Respond(initiator.Init);
        Assert.Throws<HandshakeReplayException>(() => _responder.Respond(initiator.Init));
    }

    [Fact]
    public void Respond_StaleOrFutureTimestamp_ThrowsStale()
    {
        var initiator = Start();
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.Throws<HandshakeStaleException>(() => _responder.Respond(initiator.Init));
        var future = Start().Init with { Timestamp = _time.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds() };
        Assert.Throws<HandshakeStaleException>(() => _responder.Respond(future));
        Assert.Throws<HandshakeStaleException>(() => _responder.Respond(Start().Init with { Timestamp = long.MaxValue }));
    }

    [Fact]
    public void Complete_StaleResponse_ThrowsStale()
    {
        var initiator = Start();
        var response = _responder.Respond(initiator.Init);
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.Throws<HandshakeStaleException>(() => initiator.Complete(response));
    }

    [Fact]
    public void Respond_WrongChainOrAddressee_ThrowsState()
    {
        Assert.Throws<HandshakeStateException>(() => _responder.Respond(HandshakeInitiator.Start(_patient, _hospital.Address(), 1, _time).Init));
        Assert.Throws<HandshakeStateException>(() => _responder.Respond(HandshakeInitiator.Start(_patient, EthECKey.GenerateKey().Address(), ChainId, _time).Init));
    }

    [Fact]
    public void Complete_ImpersonatedHospital_ThrowsAuthentication()
    {
        // A rogue node with its own valid key answers a patient who expects _hospital.
        var rogueKey = EthECKey.GenerateKey();
        var rogue = new HandshakeResponder(rogueKey, ChainId, _time);
        var initiator = Start();
        var forged = rogue.Respond(initiator.Init with { Hospital = rogueKey.Address() });
        Assert.Throws<HandshakeAuthenticationException>(() => initiator.Complete(forged));
    }

    [Fact]
    public void Complete_ResponseResignedByOtherKey_ThrowsAuthentication()
    {
        var initiator = Start();
        var response = _responder.Respond(initiator.Init);
        var digest = HandshakeTranscript.SignedDigest(response.SessionId.ToBytes(), server: true);
        var resigned = response with { Signature = EthSignature.Sign(digest, EthECKey.GenerateKey()) };
        Assert.Throws<HandshakeAuthenticationException>(() => initiator.Complete(resigned));
    }

    [Fact]
    public void Complete_ImpersonatedPatient_ThrowsAuthentication()
    {
        // The attacker completes someone's handshake with its own signature over the right transcript.
        var initiator = Start();
        var response = _responder.Respond(initiator.Init);
        var (finish, session) = initiator.Complete(response);
        session.Dispose();
        var digest = HandshakeTranscript.SignedDigest(response.SessionId.ToBytes(), server: false);
        var forged = finish with { Signature = EthSignature.Sign(digest, EthECKey.GenerateKey()) };
        Assert.Throws<HandshakeAuthenticationException>(() => _responder.Complete(forged));
    }

    [Fact]
    public void Complete_TamperedConfirmationOrEphemeral_ThrowsAuthentication()
    {
        var initiator = Start();
        var response = _responder.Respond(initiator.Init);
        var badMac = response with { Confirmation = HexBytes.ToHex(new byte[32]) };
        Assert.Throws<HandshakeAuthenticationException>(() => initiator.Complete(badMac));

        var second = Start();
        var otherEphemeral = HexBytes.ToHex(EthECKey.GenerateKey().PublicKeyCompressed());
        Assert.Throws<HandshakeAuthenticationException>(() => second.Complete(_responder.Respond(second.Init) with { EphemeralKey = otherEphemeral }));
    }

    [Fact]
    public void Complete_FinishWithBadConfirmation_ThrowsAuthentication()
    {
        var initiator = Start();
        var (finish, session) = initiator.Complete(_responder.Respond(initiator.Init));
        session.Dispose();
        Assert.Throws<HandshakeAuthenticationException>(() => _responder.Complete(finish with { Confirmation = "0x1234" }));
    }

    [Fact]
    public void Complete_ReplayedOrReorderedMessages_ThrowState()
    {
        var initiator = Start();
        var response = _responder.Respond(initiator.Init);
        var (finish, session) = initiator.Complete(response);
        session.Dispose();
        Assert.Throws<HandshakeStateException>(() => initiator.Complete(response));
        _responder.Complete(finish).Dispose();
        Assert.Throws<HandshakeStateException>(() => _responder.Complete(finish));

        // Message 3 for a session that never got message 2.
        var unknown = finish with { SessionId = Hash32.FromBytes(new byte[32]) };
        Assert.Throws<HandshakeStateException>(() => _responder.Complete(unknown));
    }

    [Fact]
    public void Complete_AfterPendingExpired_ThrowsState()
    {
        var initiator = Start();
        var (finish, session) = initiator.Complete(_responder.Respond(initiator.Init));
        session.Dispose();
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Throws<HandshakeStateException>(() => _responder.Complete(finish));
        Assert.Equal(0, _responder.PendingCount);
    }

    [Fact]
    public void Handshake_TwoRuns_IndependentSessionKeys()
    {
        var (a, hospitalA) = Run();
        var (b, hospitalB) = Run();
        Assert.NotEqual(a.SessionId, b.SessionId);
        var message = a.Seal("x"u8);
        Assert.Throws<SessionMessageException>(() => hospitalB.Open(message with { SessionId = b.SessionId }));
        Assert.Equal("x"u8.ToArray(), hospitalA.Open(message));
    }

    [Fact]
    public void Respond_MalformedEphemeralKey_ThrowsFormat()
    {
        var init = Start().Init with { EphemeralKey = "0x02" + new string('f', 64) };
        Assert.ThrowsAny<EmrShareSecurityException>(() => _responder.Respond(init));
        Assert.Throws<EnvelopeFormatException>(() => _responder.Respond(Start().Init with { EphemeralKey = "nothex" }));
    }

    [Fact]
    public async Task Respond_ConcurrentPatients_AllComplete()
    {
        var tasks = Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            var patient = EthECKey.GenerateKey();
            var initiator = HandshakeInitiator.Start(patient, _hospital.Address(), ChainId, _time);
            var (finish, session) = initiator.Complete(_responder.Respond(initiator.Init));
            using var hospitalSide = _responder.Complete(finish);
            using var _ = session;
            return hospitalSide.Peer == patient.Address() && hospitalSide.Open(session.Seal("ok"u8)).Length == 2;
        }, TestContext.Current.CancellationToken));
        Assert.All(await Task.WhenAll(tasks), Assert.True);
        Assert.Equal(0, _responder.PendingCount);
    }

    [Fact]
    public async Task RespondAsync_RegisteredPseudonym_Completes_UnregisteredRefusedWithoutState()
    {
        var directory = new SetDirectory([new Pseudonym(_patient.Address())]);
        var initiator = Start();
        var response = await _responder.RespondAsync(initiator.Init, directory, TestContext.Current.CancellationToken);
        var (finish, session) = initiator.Complete(response);
        session.Dispose();
        _responder.Complete(finish).Dispose();

        var stranger = HandshakeInitiator.Start(EthECKey.GenerateKey(), _hospital.Address(), ChainId, _time);
        await Assert.ThrowsAsync<PseudonymNotRegisteredException>(() =>
            _responder.RespondAsync(stranger.Init, directory, TestContext.Current.CancellationToken));
        Assert.Equal(0, _responder.PendingCount);
        // Its nonce was not consumed: once registered, the same message is accepted.
        directory.Add(stranger.Init.Patient);
        await _responder.RespondAsync(stranger.Init, directory, TestContext.Current.CancellationToken);
    }

    private sealed class SetDirectory(IEnumerable<Pseudonym> registered) : IPseudonymDirectory
    {
        private readonly HashSet<Pseudonym> _registered = [.. registered];

        public void Add(Pseudonym pseudonym) => _registered.Add(pseudonym);

        public ValueTask<bool> IsRegisteredAsync(Pseudonym pseudonym, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_registered.Contains(pseudonym));
    }

    private (SecureSession Patient, SecureSession Hospital) Run()
    {
        var initiator = Start();
        var (finish, session) = initiator.Complete(_responder.Respond(initiator.Init));
        return (session, _responder.Complete(finish));
    }

    private static T RoundTrip<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;
}
