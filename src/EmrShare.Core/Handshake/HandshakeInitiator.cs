using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using Nethereum.Signer;

namespace EmrShare.Core.Handshake;

/// <summary>
/// Patient side of the handshake. <see cref="Start"/> yields message 1; <see cref="Complete"/> checks
/// message 2 (timestamp, hospital signature, key confirmation) and returns message 3 plus the session.
/// Single use: a second response is refused.
/// </summary>
public sealed class HandshakeInitiator
{
    private readonly EthECKey _pseudonymKey;
    private readonly TimeProvider _time;
    private readonly HandshakeOptions _options;
    private readonly byte[] _ephemeralPrivate;
    private readonly byte[] _ephemeralPublic;
    private bool _used;

    private HandshakeInitiator(EthECKey pseudonymKey, ChainAddress hospital, ulong chainId, TimeProvider time, HandshakeOptions options, DeskChallenge? desk)
    {
        _pseudonymKey = pseudonymKey;
        _time = time;
        _options = options;
        _ephemeralPrivate = Secp256k1.NewPrivateKey();
        _ephemeralPublic = Secp256k1.PublicKeyCompressed(_ephemeralPrivate);
        Init = new HandshakeInit(
            HandshakeTranscript.VersionFor(desk),
            chainId,
            new Pseudonym(pseudonymKey.Address()),
            hospital,
            HexBytes.ToHex(_ephemeralPublic),
            Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)),
            time.GetUtcNow().ToUnixTimeSeconds(),
            desk);
    }

    public HandshakeInit Init { get; }

    /// <summary>Message 1; <paramref name="desk"/> is the challenge from the desk's QR when the patient is at the desk (version 2).</summary>
    public static HandshakeInitiator Start(EthECKey pseudonymKey, ChainAddress hospital, ulong chainId, TimeProvider time, HandshakeOptions? options = null, DeskChallenge? desk = null)
    {
        ArgumentNullException.ThrowIfNull(pseudonymKey);
        ArgumentNullException.ThrowIfNull(time);
        return new HandshakeInitiator(pseudonymKey, hospital, chainId, time, options ?? new HandshakeOptions(), desk);
    }

    public (HandshakeFinish Finish, SecureSession Session) Complete(HandshakeResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (_used)
        {
            throw new HandshakeStateException("this handshake already completed or failed; start a new one");
        }

        _used = true;
        try
        {
            HandshakeTranscript.CheckTimestamp(response.Timestamp, _time.GetUtcNow(), _options.MaxSkew);
            var ephemeralB = HandshakeTranscript.ParseEphemeral(response.EphemeralKey);
            var th1 = HandshakeTranscript.Th1(Init, _ephemeralPublic);
            var th2 = HandshakeTranscript.Th2(th1, ephemeralB, response.Nonce, response.Timestamp);
            if (Hash32.FromBytes(th2) != response.SessionId)
            {
                throw new HandshakeAuthenticationException("response does not continue this handshake's transcript");
            }

            HandshakeTranscript.CheckSignature(response.Signature, th2, server: true, Init.Hospital);
            var (c2s, s2c, mac) = HandshakeTranscript.Keys(_ephemeralPrivate, ephemeralB, th2);
            try
            {
                try
                {
                    HandshakeTranscript.CheckConfirmation(mac, th2, server: true, response.Confirmation);
                }
                catch (HandshakeAuthenticationException)
                {
                    CryptographicOperations.ZeroMemory(c2s);
                    CryptographicOperations.ZeroMemory(s2c);
                    throw;
                }

                var finish = new HandshakeFinish(
                    response.SessionId,
                    EthSignature.Sign(HandshakeTranscript.SignedDigest(th2, server: false), _pseudonymKey),
                    HandshakeTranscript.Confirmation(mac, th2, server: false));
                return (finish, new SecureSession(response.SessionId, Init.Hospital, isInitiator: true, c2s, s2c));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(mac);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(_ephemeralPrivate);
        }
    }
}
