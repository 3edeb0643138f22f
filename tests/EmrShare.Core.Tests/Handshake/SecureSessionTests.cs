using EmrShare.Core.Handshake;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Handshake;

public sealed class SecureSessionTests : IDisposable
{
    private readonly SecureSession _patient;
    private readonly SecureSession _hospital;

    public SecureSessionTests()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var hospitalKey = EthECKey.GenerateKey();
        var responder = new HandshakeResponder(hospitalKey, 1, time);
        var initiator = HandshakeInitiator.Start(EthECKey.GenerateKey(), Core.Crypto.PrivateKeys.Address(hospitalKey), 1, time);
        (var finish, _patient) = initiator.Complete(responder.Respond(initiator.Init));
        _hospital = responder.Complete(finish);
    }

    [Fact]
    public void Open_ReplayedMessage_Throws()
    {
        var message = _patient.Seal("one"u8);
        _hospital.Open(message);
        var ex = Assert.Throws<SessionMessageException>(() => _hospital.Open(message));
        Assert.Contains("replayed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ReorderedMessages_RejectsEarlyOneThenAcceptsInOrder()
    {
        var first = _patient.Seal("1"u8);
        var second = _patient.Seal("2"u8);
        Assert.Throws<SessionMessageException>(() => _hospital.Open(second));
        Assert.Equal("1"u8.ToArray(), _hospital.Open(first));
        Assert.Equal("2"u8.ToArray(), _hospital.Open(second));
    }

    [Fact]
    public void Open_TamperedCiphertext_Throws()
    {
        var message = _patient.Seal("secret"u8);
        var bytes = Convert.FromBase64String(message.Ciphertext);
        bytes[0] ^= 1;
        Assert.Throws<SessionMessageException>(() => _hospital.Open(message with { Ciphertext = Convert.ToBase64String(bytes) }));
        Assert.Throws<SessionMessageException>(() => _hospital.Open(message with { Ciphertext = "!!" }));
        Assert.Throws<SessionMessageException>(() => _hospital.Open(message with { Ciphertext = "AAAA" }));
        // The untampered message is still accepted: failures do not advance the sequence.
        Assert.Equal("secret"u8.ToArray(), _hospital.Open(message));
    }

    [Fact]
    public void Open_ReflectedOwnMessage_Throws()
    {
        var message = _patient.Seal("ping"u8);
        Assert.Throws<SessionMessageException>(() => _patient.Open(message));
    }

    [Fact]
    public void Seal_EmptyAndLarge_RoundTrip()
    {
        Assert.Empty(_hospital.Open(_patient.Seal([])));
        var big = new byte[1 << 20];
        new Random(1).NextBytes(big);
        Assert.Equal(big, _patient.Open(_hospital.Seal(big)));
    }

    public void Dispose()
    {
        _patient.Dispose();
        _hospital.Dispose();
    }
}
