using System.Security.Cryptography;
using System.Text.Json.Serialization;
using EmrShare.Core.Crypto;
using NBitcoin.Secp256k1;
using Nethereum.Signer;
using Org.BouncyCastle.Math;

namespace EmrShare.Core.Signing;

/// <summary>A 65-byte Ethereum signature r ‖ s ‖ v with v ∈ {27, 28}, as the contracts' ECDSA.recover expects.</summary>
[JsonConverter(typeof(HexIdJsonConverter<EthSignature>))]
public readonly record struct EthSignature : IHexId<EthSignature>
{
    private readonly string? _hex;

    // Nethereum's libsecp256k1 path (deterministic RFC 6979, like the default) signs and recovers ≈8× faster
    // than its BouncyCastle path; it is a process-wide switch, set once before our first signature.
    static EthSignature() => EthECKey.SignRecoverable = true;

    private EthSignature(string hex) => _hex = hex;

    public static EthSignature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 65)
        {
            throw new SignatureInvalidException($"a signature is 65 bytes, got {bytes.Length}");
        }

        return new EthSignature(HexBytes.ToHex(bytes));
    }

    public static EthSignature Parse(string text)
    {
        try
        {
            return FromBytes(HexBytes.Parse(text, 65, "signature"));
        }
        catch (EnvelopeFormatException ex)
        {
            throw new SignatureInvalidException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Signs a 32-byte digest with RFC 6979 deterministic ECDSA, always low-s (libsecp256k1 normalises), v ∈ {27, 28}.
    /// Signs from the exact 32-byte scalar: Nethereum's recoverable signer throws for keys whose first byte is 0x00
    /// (≈ 1 key in 256) because it passes the minimal big-endian encoding on.
    /// </summary>
    public static EthSignature Sign(ReadOnlySpan<byte> digest, EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (digest.Length != 32)
        {
            throw new ArgumentException("an ECDSA digest must be 32 bytes", nameof(digest));
        }

        var scalar = key.ToBytes32();
        try
        {
            if (!Context.Instance.TryCreateECPrivKey(scalar, out var privateKey) || privateKey is null)
            {
                throw new SignatureInvalidException("private key is not a valid secp256k1 scalar");
            }

            using (privateKey)
            {
                if (!privateKey.TrySignRecoverable(digest, out var signature) || signature is null)
                {
                    throw new SignatureInvalidException("signing failed");
                }

                Span<byte> compact = stackalloc byte[64];
                signature.WriteToSpanCompact(compact, out var recoveryId);
                return FromBytes([.. compact, (byte)(27 + recoveryId)]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    public byte[] ToBytes() => HexBytes.Parse(_hex ?? throw new SignatureInvalidException("empty signature"), 65);

    /// <summary>
    /// Recovers the signer of <paramref name="digest"/>. Rejects malformed v/r/s and high-s exactly as
    /// OpenZeppelin's ECDSA.recover does, so off-chain and on-chain verdicts agree.
    /// </summary>
    public ChainAddress Recover(ReadOnlySpan<byte> digest)
    {
        var bytes = ToBytes();
        var r = new BigInteger(1, bytes[..32]);
        var s = new BigInteger(1, bytes[32..64]);
        var v = bytes[64];
        if (v is not (27 or 28))
        {
            throw new SignatureInvalidException("signature v must be 27 or 28");
        }

        if (r.SignValue == 0 || s.SignValue == 0 || r.CompareTo(Secp256k1.N) >= 0)
        {
            throw new SignatureInvalidException("signature r or s out of range");
        }

        if (s.CompareTo(Secp256k1.HalfN) > 0)
        {
            throw new SignatureMalleableException("signature s is in the upper half of the curve order (high-s)");
        }

        if (OperatingSystem.IsBrowser())
        {
            return digest.Length == 32 ? ManagedRecovery.Recover(r, s, v - 27, digest) : throw new SignatureInvalidException("no public key recovers from this signature");
        }

        // libsecp256k1 reports "no point with this r" as a false return instead of throwing (Nethereum's
        // BouncyCastle path threw NullReferenceException for about half of all random r values).
        if (digest.Length != 32
            || !SecpRecoverableECDSASignature.TryCreateFromCompact(bytes.AsSpan(0, 64), v - 27, out var signature)
            || signature is null
            || !ECPubKey.TryRecover(Context.Instance, signature, digest, out var publicKey)
            || publicKey is null)
        {
            throw new SignatureInvalidException("no public key recovers from this signature");
        }

        Span<byte> uncompressed = stackalloc byte[65];
        publicKey.WriteToSpan(false, uncompressed, out _);
        return ChainAddress.FromBytes(Keccak.Hash(uncompressed[1..].ToArray()).AsSpan(12));
    }

    public override string ToString() => _hex ?? string.Empty;
}
