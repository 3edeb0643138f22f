using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using Nethereum.Signer;

namespace EmrShare.Core.Handshake;

/// <summary>
/// Hospital side of the handshake, shared by all concurrent handshakes of one node. <see cref="Respond"/>
/// checks message 1 (chain, addressee, timestamp, replay, and the desk challenge if it carries one) and answers with message 2; <see cref="Complete"/>
/// checks message 3 against the pending state. Pending handshakes are bounded and expire with the window.
/// <see cref="RespondAsync"/> additionally asks the <see cref="IPseudonymDirectory"/> (Registry) whether the
/// pseudonym is a registered patient; the synchronous <see cref="Respond"/> leaves that check to the caller.
/// </summary>
public sealed class HandshakeResponder
{
    private readonly object _gate = new();
    private readonly Dictionary<Hash32, Pending> _pending = [];
    private readonly EthECKey _hospitalKey;
    private readonly ChainAddress _hospital;
    private readonly ulong _chainId;
    private readonly ReplayCache _replayCache;
    private readonly TimeProvider _time;
    private readonly HandshakeOptions _options;
    private readonly IDeskChallengeStore? _desk;

    /// <summary><paramref name="desk"/>: the challenges this hospital's desk shows in its check-in QR; null refuses version-2 (desk) handshakes.</summary>
    public HandshakeResponder(EthECKey hospitalKey, ulong chainId, TimeProvider time, HandshakeOptions? options = null, IDeskChallengeStore? desk = null)
    {
        ArgumentNullException.ThrowIfNull(hospitalKey);
        ArgumentNullException.ThrowIfNull(time);
        _hospitalKey = hospitalKey;
        _hospital = hospitalKey.Address();
        _chainId = chainId;
        _time = time;
        _options = options ?? new HandshakeOptions();
        _desk = desk;
        _replayCache = new ReplayCache(_options.ReplayCacheCapacity, _options.MaxSkew, time);
    }

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Like <see cref="Respond"/>, but first checks the pseudonym against the Registry: unregistered →
    /// <see cref="PseudonymNotRegisteredException"/>, before any replay-cache or pending state is spent.
    /// </summary>
    public async Task<HandshakeResponse> RespondAsync(HandshakeInit init, IPseudonymDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(directory);
        if (!await directory.IsRegisteredAsync(init.Patient, cancellationToken))
        {
            throw new PseudonymNotRegisteredException("the pseudonym is not a registered patient");
        }

        return Respond(init);
    }

    public HandshakeResponse Respond(HandshakeInit init)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (init.ProtocolVersion != HandshakeTranscript.VersionFor(init.Desk))
        {
            throw new HandshakeStateException($"unsupported handshake version {init.ProtocolVersion}");
        }

        if (init.ChainId != _chainId)
        {
            throw new HandshakeStateException($"handshake is for chain {init.ChainId}, this node is on chain {_chainId}");
        }

        if (init.Hospital != _hospital)
        {
            throw new HandshakeStateException("handshake is addressed to another hospital");
        }

        if (init.Desk is { } desk)
        {
            // Checked before any state is spent; spent only once the patient's message 3 authenticates (Complete).
            (_desk ?? throw new HandshakeStateException("this hospital shows no desk check-in codes")).Check(desk);
        }

        var ephemeralA = HandshakeTranscript.ParseEphemeral(init.EphemeralKey);
        _replayCache.Register(init.Nonce, init.Timestamp);

        var ephemeralPrivate = Secp256k1.NewPrivateKey();
        try
        {
            var ephemeralB = Secp256k1.PublicKeyCompressed(ephemeralPrivate);
            var nonce = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));
            var now = _time.GetUtcNow();
            var timestamp = now.ToUnixTimeSeconds();
            var th2 = HandshakeTranscript.Th2(HandshakeTranscript.Th1(init, ephemeralA), ephemeralB, nonce, timestamp);
            var sessionId = Hash32.FromBytes(th2);
            var (c2s, s2c, mac) = HandshakeTranscript.Keys(ephemeralPrivate, ephemeralA, th2);
            var response = new HandshakeResponse(
                sessionId,
                HexBytes.ToHex(ephemeralB),
                nonce,
                timestamp,
                EthSignature.Sign(HandshakeTranscript.SignedDigest(th2, server: true), _hospitalKey),
                HandshakeTranscript.Confirmation(mac, th2, server: true));
            lock (_gate)
            {
                PurgeExpired(now);
                if (_pending.Count >= _options.MaxPending)
                {
                    throw new ReplayCacheFullException("too many handshakes waiting for completion");
                }

                _pending[sessionId] = new Pending(init.Patient, th2, c2s, s2c, mac, now + _options.MaxSkew, init.Desk);
            }

            return response;
        }
        finally
        {
            // The ephemeral scalar is dropped as soon as the session keys exist (forward secrecy).
            CryptographicOperations.ZeroMemory(ephemeralPrivate);
        }
    }

    public SecureSession Complete(HandshakeFinish finish)
    {
        ArgumentNullException.ThrowIfNull(finish);
        Pending? pending;
        lock (_gate)
        {
            PurgeExpired(_time.GetUtcNow());
            // Removing first makes the finish single-use: a replayed message 3 finds nothing.
            if (!_pending.Remove(finish.SessionId, out pending))
            {
                throw new HandshakeStateException("no pending handshake for this session (unknown, expired, or already completed)");
            }
        }

        try
        {
            HandshakeTranscript.CheckSignature(finish.Signature, pending.Th2, server: false, pending.Patient.Address);
            HandshakeTranscript.CheckConfirmation(pending.Mac, pending.Th2, server: false, finish.Confirmation);
            if (pending.Desk is { } desk)
            {
                // Single use: of two handshakes racing on one desk code, the second to finish is refused here.
                _desk!.Spend(desk);
            }

            return new SecureSession(finish.SessionId, pending.Patient.Address, isInitiator: false, pending.ClientToServer, pending.ServerToClient) { Desk = pending.Desk };
        }
        catch
        {
            pending.Clear();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pending.Mac);
        }
    }

    private void PurgeExpired(DateTimeOffset now)
    {
        foreach (var (id, entry) in _pending.Where(p => p.Value.Expires < now).ToList())
        {
            entry.Clear();
            _pending.Remove(id);
        }
    }

    private sealed record Pending(Pseudonym Patient, byte[] Th2, byte[] ClientToServer, byte[] ServerToClient, byte[] Mac, DateTimeOffset Expires, DeskChallenge? Desk)
    {
        public void Clear()
        {
            CryptographicOperations.ZeroMemory(ClientToServer);
            CryptographicOperations.ZeroMemory(ServerToClient);
            CryptographicOperations.ZeroMemory(Mac);
        }
    }
}
