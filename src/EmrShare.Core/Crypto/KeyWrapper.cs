using System.Buffers.Binary;
using System.Security.Cryptography;
using EmrShare.Core.Crypto.Gcm;
using Nethereum.Signer;

namespace EmrShare.Core.Crypto;

/// <summary>
/// ECIES key wrapping: fresh ephemeral secp256k1 key → ECDH with the reader's public key → HKDF-SHA256 →
/// AES-256-GCM over the 32-byte data key. The wrap is bound to the record id and version (HKDF info and AAD),
/// so a wrapped key cannot be replayed for another record. Re-wrapping for a new reader never touches the
/// record ciphertext.
/// </summary>
public static class KeyWrapper
{
    private static ReadOnlySpan<byte> Label => "EmrShare ECIES v1"u8;

    public static WrappedKey Wrap(DataKey key, ReadOnlySpan<byte> readerPublicKey, RecordId recordId, uint version)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reader = Secp256k1.DecodePoint(readerPublicKey);
        var readerCompressed = reader.ToBytes(true);
        var readerAddress = ChainAddress.FromBytes(Keccak.Hash(reader.ToBytes(false).AsSpan(1))[12..]);
        var ephemeralPrivate = Secp256k1.NewPrivateKey();
        var encoded = new byte[WrappedKey.Length];
        try
        {
            encoded[0] = WrappedKey.FormatVersion;
            readerAddress.ToBytes().CopyTo(encoded, 1);
            Secp256k1.PublicKeyCompressed(ephemeralPrivate).CopyTo(encoded, 21);
            RandomNumberGenerator.Fill(encoded.AsSpan(54, 12));
            var context = Context(recordId, version);
            var kek = DeriveKek(Secp256k1.SharedSecret(ephemeralPrivate, readerCompressed), encoded.AsSpan(21, 33), readerCompressed, context);
            using var aes = GcmCipher.Create(kek);
            aes.Encrypt(encoded.AsSpan(54, 12), key.Span, encoded.AsSpan(66, 32), encoded.AsSpan(98, 16), Aad(encoded.AsSpan(0, 66), context));
            CryptographicOperations.ZeroMemory(kek);
            return WrappedKey.FromBytes(encoded);
        }
        finally
        {
            // Forward secrecy of the wrap: the ephemeral scalar is never kept.
            CryptographicOperations.ZeroMemory(ephemeralPrivate);
        }
    }

    public static DataKey Unwrap(WrappedKey wrapped, EthECKey reader, RecordId recordId, uint version)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        ArgumentNullException.ThrowIfNull(reader);
        if (wrapped.ReaderAddress != reader.Address())
        {
            throw new WrongReaderException("this wrapped key is addressed to another reader");
        }

        var readerPrivate = reader.ToBytes32();
        var context = Context(recordId, version);
        byte[] kek;
        try
        {
            kek = DeriveKek(Secp256k1.SharedSecret(readerPrivate, wrapped.EphemeralPublicKey), wrapped.EphemeralPublicKey, reader.PublicKeyCompressed(), context);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(readerPrivate);
        }

        var plain = new byte[DataKey.Size];
        try
        {
            using var aes = GcmCipher.Create(kek);
            aes.Decrypt(wrapped.Nonce, wrapped.Ciphertext, wrapped.Tag, plain, Aad(wrapped.Header, context));
            return DataKey.FromBytes(plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeyWrapTamperedException("wrapped key failed authentication (modified, or for another record)", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>Unwraps with the holder's key and wraps again for a new reader (grant fulfilment).</summary>
    public static WrappedKey Rewrap(WrappedKey wrapped, EthECKey holder, ReadOnlySpan<byte> newReaderPublicKey, RecordId recordId, uint version)
    {
        using var key = Unwrap(wrapped, holder, recordId, version);
        return Wrap(key, newReaderPublicKey, recordId, version);
    }

    /// <summary>wrappedKeysHash of a manifest: keccak256 of the concatenated SHA-256 digests, in reader order.</summary>
    public static Hash32 WrappedKeysHash(IEnumerable<WrappedKey> wrappedKeys)
    {
        ArgumentNullException.ThrowIfNull(wrappedKeys);
        return Hash32.FromBytes(Keccak.Hash([.. wrappedKeys.Select(w => w.Digest.ToBytes())]));
    }

    private static byte[] Context(RecordId recordId, uint version)
    {
        var context = new byte[36];
        recordId.ToBytes().CopyTo(context, 0);
        BinaryPrimitives.WriteUInt32BigEndian(context.AsSpan(32), version);
        return context;
    }

    private static byte[] DeriveKek(byte[] sharedSecret, ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> readerPublic, byte[] context)
    {
        try
        {
            byte[] salt = [.. ephemeralPublic, .. readerPublic];
            byte[] info = [.. Label, .. context];
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, salt, info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    private static byte[] Aad(ReadOnlySpan<byte> header, byte[] context) => [.. header, .. context];
}
