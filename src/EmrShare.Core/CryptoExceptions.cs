using EmrShare.Core.Errors;

namespace EmrShare.Core;

// Every failure of a security check surfaces as one of these typed exceptions, so callers (HTTP endpoints,
// CLI) can map them to a precise 4xx answer and tests can assert on the exact reason. They never carry key
// material or plaintext in their messages.

/// <summary>Base type of every security-check failure in EmrShare.Core.</summary>
[ErrorKind(ErrorKind.Tampered)]
public class EmrShareSecurityException : EmrShareException
{
    public EmrShareSecurityException() { }
    public EmrShareSecurityException(string message) : base(message) { }
    public EmrShareSecurityException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Input bytes or strings are not in the documented format (bad hex, wrong length, unknown version).</summary>
[ErrorKind(ErrorKind.Invalid)]
public class EnvelopeFormatException : EmrShareSecurityException
{
    public EnvelopeFormatException() { }
    public EnvelopeFormatException(string message) : base(message) { }
    public EnvelopeFormatException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Authenticated decryption failed: ciphertext, tag, header or associated data was modified.</summary>
[ErrorKind(ErrorKind.Tampered)]
public class RecordTamperedException : EmrShareSecurityException
{
    public RecordTamperedException() { }
    public RecordTamperedException(string message) : base(message) { }
    public RecordTamperedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>An envelope authentic in itself was presented for another record id, version or content type.</summary>
[ErrorKind(ErrorKind.Tampered)]
public class RecordMismatchException : EmrShareSecurityException
{
    public RecordMismatchException() { }
    public RecordMismatchException(string message) : base(message) { }
    public RecordMismatchException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The data key offered does not belong to this envelope (key check value differs).</summary>
[ErrorKind(ErrorKind.Refused)]
public class WrongKeyException : EmrShareSecurityException
{
    public WrongKeyException() { }
    public WrongKeyException(string message) : base(message) { }
    public WrongKeyException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A wrapped key was addressed to another reader than the key trying to open it.</summary>
[ErrorKind(ErrorKind.Refused)]
public class WrongReaderException : WrongKeyException
{
    public WrongReaderException() { }
    public WrongReaderException(string message) : base(message) { }
    public WrongReaderException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A wrapped key was addressed to this reader but fails authentication (modified in transit).</summary>
[ErrorKind(ErrorKind.Tampered)]
public class KeyWrapTamperedException : EmrShareSecurityException
{
    public KeyWrapTamperedException() { }
    public KeyWrapTamperedException(string message) : base(message) { }
    public KeyWrapTamperedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A signature does not recover to the expected signer (forged, altered message, or wrong signer).</summary>
[ErrorKind(ErrorKind.Tampered)]
public class SignatureInvalidException : EmrShareSecurityException
{
    public SignatureInvalidException() { }
    public SignatureInvalidException(string message) : base(message) { }
    public SignatureInvalidException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A signature uses the high-s form (s &gt; n/2); both the contracts and we accept only low-s.</summary>
[ErrorKind(ErrorKind.Tampered)]
public class SignatureMalleableException : SignatureInvalidException
{
    public SignatureMalleableException() { }
    public SignatureMalleableException(string message) : base(message) { }
    public SignatureMalleableException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Signed typed data was made for another EIP-712 domain (other chain id, contract, name or version).</summary>
[ErrorKind(ErrorKind.Tampered)]
public class SignatureDomainMismatchException : SignatureInvalidException
{
    public SignatureDomainMismatchException() { }
    public SignatureDomainMismatchException(string message) : base(message) { }
    public SignatureDomainMismatchException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Signed typed data is past its expiry (grant) or too old (access request).</summary>
[ErrorKind(ErrorKind.Refused)]
public class SignatureExpiredException : EmrShareSecurityException
{
    public SignatureExpiredException() { }
    public SignatureExpiredException(string message) : base(message) { }
    public SignatureExpiredException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A Merkle proof does not lead from the leaf to the expected root.</summary>
[ErrorKind(ErrorKind.Tampered)]
public class MerkleProofInvalidException : EmrShareSecurityException
{
    public MerkleProofInvalidException() { }
    public MerkleProofInvalidException(string message) : base(message) { }
    public MerkleProofInvalidException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A commitment opening (digest + salt) does not reproduce the anchored commitment.</summary>
[ErrorKind(ErrorKind.Tampered)]
public class CommitmentMismatchException : EmrShareSecurityException
{
    public CommitmentMismatchException() { }
    public CommitmentMismatchException(string message) : base(message) { }
    public CommitmentMismatchException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A handshake nonce was seen before (replayed first message).</summary>
[ErrorKind(ErrorKind.Unauthenticated)]
public class HandshakeReplayException : EmrShareSecurityException
{
    public HandshakeReplayException() { }
    public HandshakeReplayException(string message) : base(message) { }
    public HandshakeReplayException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A handshake message carries a timestamp outside the accepted window.</summary>
[ErrorKind(ErrorKind.Unauthenticated)]
public class HandshakeStaleException : EmrShareSecurityException
{
    public HandshakeStaleException() { }
    public HandshakeStaleException(string message) : base(message) { }
    public HandshakeStaleException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A handshake signature or key-confirmation MAC fails: impersonation or a modified transcript.</summary>
[ErrorKind(ErrorKind.Unauthenticated)]
public class HandshakeAuthenticationException : EmrShareSecurityException
{
    public HandshakeAuthenticationException() { }
    public HandshakeAuthenticationException(string message) : base(message) { }
    public HandshakeAuthenticationException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A handshake message arrived out of order, twice, or for another chain or peer.</summary>
[ErrorKind(ErrorKind.Conflict)]
public class HandshakeStateException : EmrShareSecurityException
{
    public HandshakeStateException() { }
    public HandshakeStateException(string message) : base(message) { }
    public HandshakeStateException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The replay cache is full of live entries; new handshakes are refused (fail closed) until some expire.</summary>
[ErrorKind(ErrorKind.Unavailable)]
public class ReplayCacheFullException : EmrShareSecurityException
{
    public ReplayCacheFullException() { }
    public ReplayCacheFullException(string message) : base(message) { }
    public ReplayCacheFullException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A session-channel message was replayed, reordered, or failed authentication.</summary>
[ErrorKind(ErrorKind.Unauthenticated)]
public class SessionMessageException : EmrShareSecurityException
{
    public SessionMessageException() { }
    public SessionMessageException(string message) : base(message) { }
    public SessionMessageException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A keystore file could not be decrypted with the passphrase given.</summary>
[ErrorKind(ErrorKind.WrongPassphrase)]
public class KeystorePassphraseException : EmrShareSecurityException
{
    public KeystorePassphraseException() { }
    public KeystorePassphraseException(string message) : base(message) { }
    public KeystorePassphraseException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>No key file under that name, or the name is not a valid key name.</summary>
[ErrorKind(ErrorKind.NotFound)]
public class KeystoreEntryNotFoundException : EmrShareSecurityException
{
    public KeystoreEntryNotFoundException() { }
    public KeystoreEntryNotFoundException(string message) : base(message) { }
    public KeystoreEntryNotFoundException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The handshake's pseudonym is not registered as a patient in the Registry.</summary>
[ErrorKind(ErrorKind.Refused)]
public class PseudonymNotRegisteredException : HandshakeAuthenticationException
{
    public PseudonymNotRegisteredException() { }
    public PseudonymNotRegisteredException(string message) : base(message) { }
    public PseudonymNotRegisteredException(string message, Exception inner) : base(message, inner) { }
}
