using System.Security.Cryptography;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Fuzz.Tests.Infrastructure;
using Nethereum.Signer;

namespace EmrShare.Fuzz.Tests.Core;

/// <summary>
/// Sealed messages on an established session: a modified message fails with <see cref="SessionMessageException"/>
/// (or a JSON error at the transport), never opens to other bytes, and does not break the channel — the
/// untouched message still opens afterwards (no desynchronisation by a forged message).
/// </summary>
public sealed class SessionFuzzTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SecureSession _patient;
    private readonly SecureSession _hospital;

    public SessionFuzzTests()
    {
        var hospitalKey = EthECKey.GenerateKey();
        var responder = new HandshakeResponder(hospitalKey, 31_337, TimeProvider.System);
        var initiator = HandshakeInitiator.Start(EthECKey.GenerateKey(), hospitalKey.Address(), 31_337, TimeProvider.System);
        var (finish, patient) = initiator.Complete(responder.Respond(initiator.Init));
        _patient = patient;
        _hospital = responder.Complete(finish);
    }

    [Fact]
    public async Task Open_MutatedSealedMessages_OnlySessionErrorsAndChannelSurvives()
    {
        var target = FuzzTarget<(byte[] Plaintext, SealedMessage Original, string Mutated)>.Sync(
            "SecureSession.Open",
            random =>
            {
                var plaintext = Mutator.RandomBytes(random, random.Next(64));
                var original = _patient.Seal(plaintext);
                return (plaintext, original, JsonFieldMutator.Mutate(random, JsonSerializer.Serialize(original, Json)));
            },
            input =>
            {
                byte[]? opened = null;
                try
                {
                    opened = _hospital.Open(JsonFieldMutator.Deserialize<SealedMessage>(input.Mutated, Json));
                    FuzzInvariantException.Require(opened.AsSpan().SequenceEqual(input.Plaintext), "a modified message opened to other bytes");
                }
                finally
                {
                    // Whatever the forged message did, the genuine one must still open (or already has).
                    if (opened is null)
                    {
                        OpenGenuine(input.Original, input.Plaintext);
                    }
                }
            },
            e => e is JsonException or SessionMessageException,
            input => input.Mutated);
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    private void OpenGenuine(SealedMessage original, byte[] plaintext)
    {
        try
        {
            var genuine = _hospital.Open(original);
            FuzzInvariantException.Require(genuine.AsSpan().SequenceEqual(plaintext), "genuine message opened to other bytes");
        }
        catch (SessionMessageException e)
        {
            throw new FuzzInvariantException("a rejected forged message broke the channel: the genuine message no longer opens", e);
        }
    }

    [Fact]
    public void Open_ReplayedGenuineMessage_SessionMessageException()
    {
        // Anchor for the fuzz target above: the replay check it relies on does fire.
        var sealedMessage = _patient.Seal(RandomNumberGenerator.GetBytes(8));
        _ = _hospital.Open(sealedMessage);
        Assert.Throws<SessionMessageException>(() => _hospital.Open(sealedMessage));
    }

    public void Dispose()
    {
        _patient.Dispose();
        _hospital.Dispose();
    }
}
