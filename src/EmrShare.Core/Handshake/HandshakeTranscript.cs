using System.Buffers.Binary;
using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;

namespace EmrShare.Core.Handshake;

/// <summary>
/// The transcript hashes, session-key schedule, signatures and confirmation MACs shared by both roles.
/// Everything either side signs or MACs is derived from th2, which covers every field of messages 1 and 2.
/// </summary>
internal static class HandshakeTranscript
{
    /// <summary>No desk challenge (a remote check-in: server wallet, CLI).</summary>
    public const int ProtocolVersion = 1;

    /// <summary>With the desk's check-in challenge bound into th1 (the phone, from the desk's QR).</summary>
    public const int DeskProtocolVersion = 2;

    /// <summary>The version a message 1 must carry: 2 exactly when it binds a desk challenge.</summary>
    public static int VersionFor(DeskChallenge? desk) => desk is null ? ProtocolVersion : DeskProtocolVersion;

    public static byte[] Th1(HandshakeInit init, byte[] ephemeralA)
    {
        var fixedPart = new byte[4 + 8 + 8];
        BinaryPrimitives.WriteInt32BigEndian(fixedPart, init.ProtocolVersion);
        BinaryPrimitives.WriteUInt64BigEndian(fixedPart.AsSpan(4), init.ChainId);
        BinaryPrimitives.WriteInt64BigEndian(fixedPart.AsSpan(12), init.Timestamp);
        byte[] common = [.. fixedPart, .. init.Patient.Address.ToBytes(), .. init.Hospital.ToBytes(), .. ephemeralA, .. init.Nonce.ToBytes()];
        if (init.Desk is not { } desk)
        {
            // Version 1, byte for byte as before (HandshakeTranscriptKnownAnswerTests pins it).
            return SHA256.HashData([.. "EmrShare handshake v1"u8, .. common]);
        }

        var issued = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(issued, desk.Issued);
        return SHA256.HashData([.. "EmrShare handshake v2"u8, .. common, .. desk.Challenge.ToBytes(), .. issued]);
    }

    public static byte[] Th2(byte[] th1, byte[] ephemeralB, Hash32 nonceB, long timestampB)
    {
        var ts = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(ts, timestampB);
        return SHA256.HashData([.. th1, .. ephemeralB, .. nonceB.ToBytes(), .. ts]);
    }

    /// <summary>Client→server key, server→client key and MAC key from the ephemeral ECDH secret, salted with th2.</summary>
    public static (byte[] ClientToServer, byte[] ServerToClient, byte[] Mac) Keys(byte[] ephemeralPrivate, byte[] peerEphemeral, byte[] th2)
    {
        var shared = Secp256k1.SharedSecret(ephemeralPrivate, peerEphemeral);
        var okm = new byte[96];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, okm, th2, "EmrShare session v1"u8);
            return (okm[..32], okm[32..64], okm[64..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    public static byte[] SignedDigest(byte[] th2, bool server) =>
        SHA256.HashData([.. server ? "EmrShare handshake server"u8 : "EmrShare handshake client"u8, .. th2]);

    public static string Confirmation(byte[] macKey, byte[] th2, bool server)
    {
        byte[] data = [.. server ? "server finished"u8 : "client finished"u8, .. th2];
        return HexBytes.ToHex(HMACSHA256.HashData(macKey, data));
    }

    public static void CheckConfirmation(byte[] macKey, byte[] th2, bool server, string received)
    {
        byte[] actual;
        try
        {
            actual = HexBytes.Parse(received, 32, "confirmation");
        }
        catch (EnvelopeFormatException ex)
        {
            throw new HandshakeAuthenticationException("key confirmation is malformed", ex);
        }

        var expected = HexBytes.Parse(Confirmation(macKey, th2, server), 32);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            throw new HandshakeAuthenticationException("key confirmation failed");
        }
    }

    public static void CheckSignature(EthSignature signature, byte[] th2, bool server, ChainAddress expected)
    {
        ChainAddress signer;
        try
        {
            signer = signature.Recover(SignedDigest(th2, server));
        }
        catch (SignatureInvalidException ex)
        {
            throw new HandshakeAuthenticationException("handshake signature is invalid", ex);
        }

        if (signer != expected)
        {
            throw new HandshakeAuthenticationException(server ? "the hospital's signature is not from the expected hospital" : "the patient's signature is not from the claimed pseudonym");
        }
    }

    public static void CheckTimestamp(long timestamp, DateTimeOffset now, TimeSpan maxSkew)
    {
        var delta = Math.Abs((double)now.ToUnixTimeSeconds() - timestamp);
        if (delta > maxSkew.TotalSeconds)
        {
            throw new HandshakeStaleException("handshake timestamp is outside the accepted window");
        }
    }

    public static byte[] ParseEphemeral(string hex)
    {
        var bytes = HexBytes.Parse(hex, 33, "ephemeral key");
        return Secp256k1.Compress(bytes);
    }
}
