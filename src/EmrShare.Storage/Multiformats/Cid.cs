using System.Security.Cryptography;

namespace EmrShare.Storage.Multiformats;

/// <summary>
/// A content identifier. CIDv0 is a bare SHA2-256 multihash of a dag-pb block written in base58btc ("Qm…");
/// CIDv1 is varint(1) ‖ varint(codec) ‖ multihash, written in multibase (base32 lower, prefix 'b', by default).
/// Equality is over the binary form, so "b…" and "z…" spellings of one CIDv1 are equal.
/// </summary>
public readonly record struct Cid
{
    private readonly byte[]? _bytes;

    private Cid(int version, ulong codec, ulong hashFunction, int digestOffset, byte[] bytes)
    {
        Version = version;
        Codec = codec;
        HashFunction = hashFunction;
        DigestOffset = digestOffset;
        _bytes = bytes;
    }

    public int Version { get; }

    /// <summary>Multicodec of the block content (<see cref="Multicodec.Raw"/> or <see cref="Multicodec.DagPb"/>).</summary>
    public ulong Codec { get; }

    /// <summary>Multihash function code (0x12 for SHA2-256).</summary>
    public ulong HashFunction { get; }

    private int DigestOffset { get; }

    public bool IsDefault => _bytes is null;

    /// <summary>The binary CID (for CIDv0 the multihash), as dag-pb links store it.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? throw new InvalidOperationException("default Cid");

    public ReadOnlySpan<byte> Digest => Bytes[DigestOffset..];

    /// <summary>The multihash part: hash code ‖ length ‖ digest.</summary>
    public ReadOnlySpan<byte> Multihash => Version == 0 ? Bytes : Bytes[(Varint.SizeOf(1) + Varint.SizeOf(Codec))..];

    /// <summary>CID of <paramref name="block"/> hashed with SHA2-256.</summary>
    public static Cid Create(int version, ulong codec, ReadOnlySpan<byte> block)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(block, digest);
        return FromSha256(version, codec, digest);
    }

    public static Cid FromSha256(int version, ulong codec, ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException("SHA2-256 digest must be 32 bytes", nameof(digest));
        }

        if (version == 0)
        {
            if (codec != Multicodec.DagPb)
            {
                throw new ArgumentException("CIDv0 can only address dag-pb blocks", nameof(codec));
            }

            var v0 = new byte[34];
            v0[0] = (byte)Multicodec.Sha2_256;
            v0[1] = 32;
            digest.CopyTo(v0.AsSpan(2));
            return new Cid(0, codec, Multicodec.Sha2_256, 2, v0);
        }

        if (version != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(version), "CID version must be 0 or 1");
        }

        var bytes = new byte[1 + Varint.SizeOf(codec) + 2 + 32];
        var o = Varint.Write(bytes, 1);
        o += Varint.Write(bytes.AsSpan(o), codec);
        bytes[o++] = (byte)Multicodec.Sha2_256;
        bytes[o++] = 32;
        digest.CopyTo(bytes.AsSpan(o));
        return new Cid(1, codec, Multicodec.Sha2_256, o, bytes);
    }

    /// <summary>Parses a binary CID (as found in a dag-pb link or a block/put answer).</summary>
    public static Cid FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 34 && bytes[0] == Multicodec.Sha2_256 && bytes[1] == 32)
        {
            return new Cid(0, Multicodec.DagPb, Multicodec.Sha2_256, 2, bytes.ToArray());
        }

        if (!Varint.TryRead(bytes, out var version, out var o) || version != 1)
        {
            throw new CidFormatException("unsupported CID version");
        }

        if (!Varint.TryRead(bytes[o..], out var codec, out var n))
        {
            throw new CidFormatException("bad codec varint");
        }

        o += n;
        if (!Varint.TryRead(bytes[o..], out var hashCode, out n))
        {
            throw new CidFormatException("bad multihash code");
        }

        o += n;
        if (!Varint.TryRead(bytes[o..], out var digestLength, out n) || digestLength > 128)
        {
            throw new CidFormatException("bad multihash length");
        }

        o += n;
        if (bytes.Length - o != (int)digestLength)
        {
            throw new CidFormatException("multihash length does not match the digest");
        }

        return new Cid(1, codec, hashCode, o, bytes.ToArray());
    }

    public static Cid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < 2)
        {
            throw new CidFormatException("CID string too short");
        }

        byte[] bytes;
        if (text.Length == 46 && text.StartsWith("Qm", StringComparison.Ordinal))
        {
            if (!Base58Btc.TryDecode(text, out bytes) || bytes.Length != 34)
            {
                throw new CidFormatException("invalid CIDv0 (base58btc)");
            }

            return FromBytes(bytes);
        }

        var ok = text[0] switch
        {
            'b' => Base32Lower.TryDecode(text.AsSpan(1), out bytes),
            'z' => Base58Btc.TryDecode(text.AsSpan(1), out bytes),
            _ => throw new CidFormatException("unsupported multibase prefix '" + text[0] + "'"),
        };
        if (!ok)
        {
            throw new CidFormatException("invalid multibase encoding");
        }

        var cid = FromBytes(bytes);
        return cid.Version == 1 ? cid : throw new CidFormatException("CIDv0 must be written in base58btc");
    }

    public static bool TryParse(string? text, out Cid cid)
    {
        cid = default;
        if (text is null)
        {
            return false;
        }

        try
        {
            cid = Parse(text);
            return true;
        }
        catch (CidFormatException)
        {
            return false;
        }
    }

    /// <summary>Checks that <paramref name="block"/> hashes to this CID's digest.</summary>
    public bool Matches(ReadOnlySpan<byte> block)
    {
        if (HashFunction != Multicodec.Sha2_256 || Digest.Length != 32)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(block, digest);
        return digest.SequenceEqual(Digest);
    }

    public bool Equals(Cid other) =>
        _bytes is null ? other._bytes is null : other._bytes is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override int GetHashCode()
    {
        var hash = default(System.HashCode);
        hash.AddBytes(_bytes ?? []);
        return hash.ToHashCode();
    }

    /// <summary>Canonical text: base58btc for CIDv0, base32 lower with prefix 'b' for CIDv1.</summary>
    public override string ToString() =>
        _bytes is null ? string.Empty : Version == 0 ? Base58Btc.Encode(_bytes) : "b" + Base32Lower.Encode(_bytes);
}
