using System.Buffers.Binary;
using System.Security.Cryptography;
using EmrShare.Core.Crypto.Gcm;

namespace EmrShare.Core.Handshake;

/// <summary>
/// The AES-256-GCM channel a completed handshake yields. One key per direction; the nonce is the sequence
/// number, and messages must arrive exactly in order, so a replayed, dropped or reordered message is refused.
/// Keys live only in memory and are zeroed on dispose (with the discarded ephemeral keys: forward secrecy).
/// </summary>
public sealed class SecureSession : IDisposable
{
    private readonly object _gate = new();
    private readonly GcmCipher _send;
    private readonly GcmCipher _receive;
    private readonly byte _sendDirection;
    private ulong _nextSend;
    private ulong _nextReceive;
    private bool _disposed;

    internal SecureSession(Hash32 sessionId, ChainAddress peer, bool isInitiator, byte[] clientToServer, byte[] serverToClient)
    {
        SessionId = sessionId;
        Peer = peer;
        _sendDirection = isInitiator ? (byte)1 : (byte)2;
        _send = GcmCipher.Create(isInitiator ? clientToServer : serverToClient);
        _receive = GcmCipher.Create(isInitiator ? serverToClient : clientToServer);
        CryptographicOperations.ZeroMemory(clientToServer);
        CryptographicOperations.ZeroMemory(serverToClient);
    }

    /// <summary>Transcript hash of the handshake; both sides compute the same value.</summary>
    public Hash32 SessionId { get; }

    /// <summary>The authenticated peer: the patient's pseudonym address, or the hospital's address.</summary>
    public ChainAddress Peer { get; }

    /// <summary>On the hospital's side, the desk challenge this handshake bound (protocol version 2), or null for a remote check-in.</summary>
    public DeskChallenge? Desk { get; internal init; }

    public SealedMessage Seal(ReadOnlySpan<byte> plaintext)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var sequence = _nextSend++;
            var output = new byte[plaintext.Length + 16];
            _send.Encrypt(Nonce(sequence), plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), Aad(_sendDirection, sequence));
            return new SealedMessage(SessionId, sequence, Convert.ToBase64String(output));
        }
    }

    public byte[] Open(SealedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (message.SessionId != SessionId)
            {
                throw new SessionMessageException("message belongs to another session");
            }

            if (message.Sequence < _nextReceive)
            {
                throw new SessionMessageException("replayed session message");
            }

            if (message.Sequence > _nextReceive)
            {
                throw new SessionMessageException("session message out of order");
            }

            byte[] sealedBytes;
            try
            {
                sealedBytes = Convert.FromBase64String(message.Ciphertext ?? string.Empty);
            }
            catch (FormatException ex)
            {
                throw new SessionMessageException("session message is not base64", ex);
            }

            if (sealedBytes.Length < 16)
            {
                throw new SessionMessageException("session message is truncated");
            }

            var plaintext = new byte[sealedBytes.Length - 16];
            var receiveDirection = _sendDirection == 1 ? (byte)2 : (byte)1;
            try
            {
                _receive.Decrypt(Nonce(message.Sequence), sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), plaintext, Aad(receiveDirection, message.Sequence));
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new SessionMessageException("session message failed authentication", ex);
            }

            _nextReceive++;
            return plaintext;
        }
    }

    private static byte[] Nonce(ulong sequence)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), sequence);
        return nonce;
    }

    private byte[] Aad(byte direction, ulong sequence)
    {
        var aad = new byte[32 + 1 + 8];
        SessionId.ToBytes().CopyTo(aad, 0);
        aad[32] = direction;
        BinaryPrimitives.WriteUInt64BigEndian(aad.AsSpan(33), sequence);
        return aad;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _send.Dispose();
            _receive.Dispose();
        }
    }
}
