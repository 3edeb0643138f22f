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
        try
        {
            return Keccak.Hash32(await SealedFile.WriteAsync(path, plain, key, Aad, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Reads and decrypts; a modified file or wrong key → <see cref="RecordTamperedException"/>.</summary>
    public static async Task<MedicalIndex> LoadAsync(string path, byte[] key, CancellationToken cancellationToken)
    {
        var plain = await SealedFile.ReadAsync(path, key, Aad, "index", cancellationToken).ConfigureAwait(false);
        return plain is null ? Empty() : new MedicalIndex(NodeJson.FromUtf8<List<IndexEntry>>(plain));
    }

    /// <summary>keccak256 of the index file as stored (what the chain's anchor must equal).</summary>
    public static async Task<Hash32> HashFileAsync(string path, CancellationToken cancellationToken) =>
        Keccak.Hash32(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
}
