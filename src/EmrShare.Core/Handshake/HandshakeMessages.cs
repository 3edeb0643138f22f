using EmrShare.Core.Signing;

namespace EmrShare.Core.Handshake;

// JSON DTOs of the three-message mutual-authentication handshake (docs/protocol.md). Byte fields are 0x-hex
// strings; ids serialise through their own converters.

/// <summary>
/// Message 1, patient → hospital: who I am (pseudonym), whom I expect, my ephemeral key and a fresh nonce. Version 2
/// also carries the desk's check-in challenge (<see cref="Desk"/>, from the QR the patient scanned), bound into the
/// transcript both sides sign; version 1 (no desk: the server wallet and the CLI check in remotely) has none.
/// </summary>
public sealed record HandshakeInit(
    int ProtocolVersion,
    ulong ChainId,
    Pseudonym Patient,
    ChainAddress Hospital,
    string EphemeralKey,
    Hash32 Nonce,
    long Timestamp,
    DeskChallenge? Desk = null);

/// <summary>
/// Message 2, hospital → patient: its ephemeral key and nonce, its signature over the transcript, and a MAC
/// under the new session's key (key confirmation). <see cref="SessionId"/> is the transcript hash.
/// </summary>
public sealed record HandshakeResponse(
    Hash32 SessionId,
    string EphemeralKey,
    Hash32 Nonce,
    long Timestamp,
    EthSignature Signature,
    string Confirmation);

/// <summary>Message 3, patient → hospital: the pseudonym key's signature over the transcript and the patient's MAC.</summary>
public sealed record HandshakeFinish(
    Hash32 SessionId,
    EthSignature Signature,
    string Confirmation);

/// <summary>One encrypted message on an established session channel.</summary>
public sealed record SealedMessage(Hash32 SessionId, ulong Sequence, string Ciphertext);

/// <summary>Limits of the handshake; defaults suit hospital nodes behind HTTP.</summary>
public sealed record HandshakeOptions
{
    /// <summary>Accepted clock difference between a message's timestamp and local time, in either direction.</summary>
    public TimeSpan MaxSkew { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Live nonces the replay cache keeps at most (bounded memory; full → fail closed).</summary>
    public int ReplayCacheCapacity { get; init; } = 100_000;

    /// <summary>Handshakes waiting for message 3 at most.</summary>
    public int MaxPending { get; init; } = 10_000;
}
