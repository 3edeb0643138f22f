using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Fuzz.Tests.Infrastructure;
using Nethereum.Signer;

namespace EmrShare.Fuzz.Tests.Core;

/// <summary>
/// The three handshake messages as they arrive over HTTP: every field of a valid message is mutated in turn.
/// Allowed outcomes: a <see cref="JsonException"/> at deserialisation (the node's 400) or a documented
/// <see cref="EmrShareSecurityException"/>; a modified message 2 or 3 must never complete a handshake.
/// Message 2 and 3 targets consume one real handshake per delivered message (they are single-use by design).
/// </summary>
public sealed class HandshakeFuzzTests
{
    private const ulong ChainId = 31_337;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly HandshakeOptions Options = new() { ReplayCacheCapacity = 2_000_000, MaxPending = 2_000_000 };
    private readonly EthECKey _hospitalKey = EthECKey.GenerateKey();
    private readonly EthECKey _patientKey = EthECKey.GenerateKey();
    private readonly HandshakeResponder _responder;

    public HandshakeFuzzTests() => _responder = new HandshakeResponder(_hospitalKey, ChainId, TimeProvider.System, Options);

    private HandshakeInitiator NewInitiator() => HandshakeInitiator.Start(_patientKey, _hospitalKey.Address(), ChainId, TimeProvider.System, Options);

    [Fact]
    public async Task Respond_MutatedInit_OnlyTypedErrors()
    {
        var seeds = Enumerable.Range(0, 4).Select(_ => JsonSerializer.Serialize(NewInitiator().Init, Json)).ToArray();
        var target = FuzzTarget<string>.Sync(
            "HandshakeResponder.Respond",
            random => JsonFieldMutator.Mutate(random, Fresh(random, seeds[random.Next(seeds.Length)])),
            json => _ = _responder.Respond(JsonFieldMutator.Deserialize<HandshakeInit>(json, Json)),
            e => e is JsonException or EmrShareSecurityException,
            json => json) with
        {
            MillisecondsPerCase = 5,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task InitiatorComplete_MutatedResponse_OnlyTypedErrorsAndNeverCompletes()
    {
        (HandshakeInitiator Initiator, string Json)? current = null;
        var target = FuzzTarget<(HandshakeInitiator Initiator, string Original, string Mutated)>.Sync(
            "HandshakeInitiator.Complete",
            random =>
            {
                // A handshake is reused until a mutated message 2 is actually delivered to its initiator.
                current ??= NewResponse();
                return (current.Value.Initiator, current.Value.Json, JsonFieldMutator.Mutate(random, current.Value.Json));
            },
            input =>
            {
                var (initiator, original, mutated) = input;
                var response = JsonFieldMutator.Deserialize<HandshakeResponse>(mutated, Json);
                current = null; // delivered: the initiator is single-use
                var (_, session) = initiator.Complete(response);
                session.Dispose();
                FuzzInvariantException.Require(Normal(response) == Normal(Deserialize<HandshakeResponse>(original)), "a modified message 2 completed the handshake");
            },
            e => e is JsonException or EmrShareSecurityException,
            input => input.Mutated) with
        {
            MillisecondsPerCase = 8,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ResponderComplete_MutatedFinish_OnlyTypedErrorsAndNeverCompletes()
    {
        (Hash32 SessionId, string Json)? current = null;
        var target = FuzzTarget<(Hash32 SessionId, string Original, string Mutated)>.Sync(
            "HandshakeResponder.Complete",
            random =>
            {
                // A pending handshake is reused until a message 3 naming its session is delivered.
                current ??= NewFinish();
                return (current.Value.SessionId, current.Value.Json, JsonFieldMutator.Mutate(random, current.Value.Json));
            },
            input =>
            {
                var (sessionId, original, mutated) = input;
                var finish = JsonFieldMutator.Deserialize<HandshakeFinish>(mutated, Json);
                if (finish.SessionId == sessionId)
                {
                    current = null; // the pending handshake is removed on first delivery, valid or not
                }

                using var session = _responder.Complete(finish);
                FuzzInvariantException.Require(Normal(finish) == Normal(Deserialize<HandshakeFinish>(original)), "a modified message 3 completed the handshake");
            },
            e => e is JsonException or EmrShareSecurityException,
            input => input.Mutated) with
        {
            MillisecondsPerCase = 8,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    /// <summary>A new nonce and the current time, so a mutation of another field is not simply a replay of the seed.</summary>
    private static string Fresh(Random random, string initJson)
    {
        var init = JsonSerializer.Deserialize<HandshakeInit>(initJson, Json)!;
        var fresh = init with { Nonce = Hash32.FromBytes(Mutator.RandomBytes(random, 32)), Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() };
        return JsonSerializer.Serialize(fresh, Json);
    }

    private (HandshakeInitiator, string) NewResponse()
    {
        var initiator = NewInitiator();
        return (initiator, JsonSerializer.Serialize(_responder.Respond(initiator.Init), Json));
    }

    private (Hash32, string) NewFinish()
    {
        var initiator = NewInitiator();
        var (finish, session) = initiator.Complete(_responder.Respond(initiator.Init));
        session.Dispose();
        return (finish.SessionId, JsonSerializer.Serialize(finish, Json));
    }

    private static T Deserialize<T>(string json)
        where T : class => JsonFieldMutator.Deserialize<T>(json, Json);

    /// <summary>Hex is case-insensitive and "0x" optional on input, so equal meaning is compared, not equal text.</summary>
    private static string Normal<T>(T message) => JsonSerializer.Serialize(message, Json).ToLowerInvariant().Replace("0x", string.Empty, StringComparison.Ordinal);
}
