using System.Security.Cryptography;
using System.Text;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Core.Identity;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>
    /// Checks one held version end to end, from this node's own data and the chain alone (a restored backup, say):
    /// the custodian's on-chain commitment opens with the stored manifest and salt, and the ciphertext decrypts with
    /// this hospital's wrapped key to content whose SHA-256 is the manifest's. The plaintext is dropped at once.
    /// Erased versions (keys destroyed) are reported as such, not as failures.
    /// </summary>
    public async Task<RecordCheck> VerifyHeldVersionAsync(RecordRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.WrappedKeySelf.Length == 0)
        {
            return new RecordCheck(row.RecordId, row.Version, RecordCheckOutcome.Erased, null);
        }

        try
        {
            var recordId = RecordId.Parse(row.RecordId);
            var version = (uint)row.Version;
            var manifest = NodeJson.FromUtf8<RecordManifest>(Encoding.UTF8.GetBytes(row.ManifestJson));
            var anchored = await Chain.Records.GetCommitmentAsync(row.Custodian, recordId.ToBytes32(), version, cancellationToken).ConfigureAwait(false);
            if (anchored.IsZero)
            {
                return new RecordCheck(row.RecordId, row.Version, RecordCheckOutcome.Failed, "no commitment on chain for this version");
            }

            SaltedCommitment.EnsureOpens(anchored.ToHash32(), Eip712.Digest(RecordsDomain, manifest), Hash32.Parse(row.Salt));
            using var key = KeyWrapper.Unwrap(WrappedKey.Parse(row.WrappedKeySelf), _keys.Encryption, recordId, version);
            var envelope = await ReadBlobAsync(_store, row.Cid, cancellationToken).ConfigureAwait(false);
            var plain = RecordCipher.Decrypt(envelope, new RecordBinding(recordId, version, row.ContentType), key);
            var matches = Hash32.FromBytes(SHA256.HashData(plain)) == manifest.ContentHash;
            CryptographicOperations.ZeroMemory(plain);
            return matches
                ? new RecordCheck(row.RecordId, row.Version, RecordCheckOutcome.Verified, null)
                : new RecordCheck(row.RecordId, row.Version, RecordCheckOutcome.Failed, "decrypted content does not match the manifest's hash");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ChainUnavailableException)
        {
            // Typed reasons only (tampered ciphertext, commitment mismatch, missing blob): no content in the text.
            return new RecordCheck(row.RecordId, row.Version, RecordCheckOutcome.Failed, ex.GetType().Name);
        }
    }
}

/// <summary>What checking one held record version found.</summary>
public enum RecordCheckOutcome
{
    Verified,
    Erased,
    Failed,
}

/// <summary>One version's check result; <paramref name="Reason"/> names the failure (never content).</summary>
public sealed record RecordCheck(string RecordId, long Version, RecordCheckOutcome Outcome, string? Reason);
