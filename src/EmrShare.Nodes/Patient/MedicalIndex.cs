using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Patient;

/// <summary>One record the patient holds a key for: where it lives and how to open and grant it.</summary>
public sealed record IndexEntry(
    ChainAddress Custodian,
    RecordId RecordId,
    uint Version,
    string ContentType,
    string Cid,
    Hash32 Salt,
    Hash32 ManifestDigest,
    Hash32 ContentHash,
    WrappedKey KeyForPatient);

/// <summary>
/// The patient's medical index, encrypted at rest with AES-256-GCM under a key derived from the master secret
/// (HKDF, its own salt/info, so it is independent of every pseudonym key). The file is
/// nonce(12) ‖ ciphertext ‖ tag(16); keccak256 of those exact bytes is what the wallet anchors on chain, so
/// the chain shows only that the index changed, never what it holds.
/// </summary>
public sealed class MedicalIndex
{
    private static readonly byte[] Aad = "EmrShare medical index v1"u8.ToArray();
    private readonly List<IndexEntry> _entries;

    private MedicalIndex(List<IndexEntry> entries) => _entries = entries;

    public IReadOnlyList<IndexEntry> Entries => _entries;

    public static MedicalIndex Empty() => new([]);

    public void Add(IndexEntry entry) => _entries.Add(entry);

    public static byte[] DeriveKey(ReadOnlySpan<byte> masterSecret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterSecret.ToArray(), 32, "EmrShare index key v1"u8.ToArray(), "index encryption"u8.ToArray());

    /// <summary>Encrypts and writes the index; returns keccak256 of the written bytes.</summary>
    public async Task<Hash32> SaveAsync(string path, byte[] key, CancellationToken cancellationToken)
    {
        var plain = NodeJson.ToUtf8(_entries);
        var file = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(file.AsSpan(0, 12));
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(file.AsSpan(0, 12), plain, file.AsSpan(12, plain.Length), file.AsSpan(12 + plain.Length), Aad);
        }

        CryptographicOperations.ZeroMemory(plain);
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, file, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        return Keccak.Hash32(file);
    }

    /// <summary>Reads and decrypts; a modified file or wrong key → <see cref="RecordTamperedException"/>.</summary>
    public static async Task<MedicalIndex> LoadAsync(string path, byte[] key, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return Empty();
        }

        var file = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (file.Length < 28)
        {
            throw new RecordTamperedException("the index file is truncated");
        }

        var plain = new byte[file.Length - 28];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(file.AsSpan(0, 12), file.AsSpan(12, plain.Length), file.AsSpan(12 + plain.Length), plain, Aad);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new RecordTamperedException("the index file failed authentication", ex);
        }

        return new MedicalIndex(NodeJson.FromUtf8<List<IndexEntry>>(plain));
    }

    /// <summary>keccak256 of the index file as stored (what the chain's anchor must equal).</summary>
    public static async Task<Hash32> HashFileAsync(string path, CancellationToken cancellationToken) =>
        Keccak.Hash32(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
}
