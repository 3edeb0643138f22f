using System.Net;
using System.Security.Cryptography;
using System.Text;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Core.Identity;
using EmrShare.Core.Signing;
using EmrShare.Fhir.Codec;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;
using EmrShare.Storage;
using EmrShare.Storage.Kubo;
using Microsoft.Extensions.Logging;
using Nethereum.Signer;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>
    /// Creates version 1 of a record for a patient seen here: validate FHIR → envelope under a fresh data key →
    /// blob store → wrap the key for the patient's pseudonym and for this hospital → practitioner signs the
    /// manifest → salted commitment anchored on chain. Invalid FHIR throws <see cref="FhirValidationException"/>
    /// before anything is stored; a record about another person than the chart's → <see cref="PatientMismatchException"/>
    /// (HospitalService.Demographics.cs).
    /// </summary>
    public Task<RecordCreated> CreateRecordAsync(string localPatientId, byte[] content, string contentType, ChainAddress practitioner, CancellationToken cancellationToken) =>
        CreateRecordAsync(localPatientId, content, contentType, practitioner, null, cancellationToken);

    private async Task<RecordCreated> CreateUncheckedAsync(string localPatientId, byte[] content, string contentType, ChainAddress practitioner, CancellationToken cancellationToken)
    {
        var patient = await Database.FindPatientAsync(localPatientId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException($"no patient {localPatientId} at {Name}");
        var version = new NewVersion(RecordId.New(), 1, Hash32.Zero, Hash32.Zero, patient.LocalId, new Pseudonym(ChainAddress.Parse(patient.Pseudonym)));
        return await WriteVersionAsync(version, content, contentType, practitioner, HexBytes.Parse(patient.PublicKey, 33), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Amends a record: version n+1 under a NEW data key (a reader of version n learns nothing about n+1),
    /// manifest linked by previousManifest, anchored with version n's commitment. For a record received from
    /// another custodian this hospital first adopts the verified history (re-anchors versions 1..n with the
    /// custodian's own commitments, which the Records contract requires for a version chain per hospital) and
    /// then becomes custodian of the new version, which names the patient by this hospital's pseudonym.
    /// </summary>
    public Task<RecordCreated> AmendAsync(RecordId recordId, byte[] content, string contentType, ChainAddress practitioner, CancellationToken cancellationToken) =>
        AmendAsync(recordId, content, contentType, practitioner, null, cancellationToken);

    private async Task<RecordCreated> AmendUncheckedAsync(RecordId recordId, byte[] content, string contentType, ChainAddress practitioner, CancellationToken cancellationToken)
    {
        var previous = await Database.FindLatestRecordAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such record here");
        EnsureNotErased(previous);
        var manifest = NodeJson.FromUtf8<RecordManifest>(Encoding.UTF8.GetBytes(previous.ManifestJson));
        var patient = await Database.FindPatientAsync(previous.LocalPatientId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("the record's patient is not known here");
        if (previous.Origin != "local")
        {
            await AdoptHistoryAsync(recordId, (uint)previous.Version, cancellationToken).ConfigureAwait(false);
        }

        var version = new NewVersion(recordId, checked((uint)previous.Version + 1), Eip712.Digest(RecordsDomain, manifest),
            Hash32.Parse(previous.Commitment), previous.LocalPatientId, new Pseudonym(ChainAddress.Parse(patient.Pseudonym)));
        return await WriteVersionAsync(version, content, contentType, practitioner, HexBytes.Parse(patient.PublicKey, 33), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Anchors under this hospital every received version 1..n it has not anchored yet (all must be held here).</summary>
    private async Task AdoptHistoryAsync(RecordId recordId, uint upTo, CancellationToken cancellationToken)
    {
        var rows = (await Database.ListRecordsAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => r.RecordId == recordId.ToString()).ToDictionary(r => (uint)r.Version);
        var previousCommitment = Hash32.Zero;
        for (uint v = 1; v <= upTo; v++)
        {
            if (!rows.TryGetValue(v, out var row))
            {
                throw new AccessDeniedException($"version {v} of this record is not held here, so its history cannot be adopted");
            }

            var commitment = Hash32.Parse(row.Commitment);
            var anchored = await Chain.Records.GetCommitmentAsync(Address.ToString(), recordId.ToBytes32(), v, cancellationToken).ConfigureAwait(false);
            if (anchored.IsZero)
            {
                try
                {
                    var receipt = await Chain.Records.AnchorRecordAsync(recordId.ToBytes32(), v, commitment.ToBytes32(), previousCommitment.ToBytes32(), cancellationToken).ConfigureAwait(false);
                    await AuditAsync("adopt", row.RecordId, row.Custodian, receipt.TransactionHash, cancellationToken).ConfigureAwait(false);
                }
                catch (ContractRevertedException ex)
                {
                    throw new AccessDeniedException($"the chain refused to adopt version {v} ({ex.ErrorName})", ex);
                }
            }
            else if (anchored.ToHash32() != commitment)
            {
                throw new AccessDeniedException($"this hospital already anchored a different version {v} of this record");
            }

            previousCommitment = commitment;
        }
    }

    /// <summary>
    /// Decrypts the newest version held here with this hospital's own wrapped key. Internal on purpose: staff reads
    /// go through <see cref="Reader"/>, which audits them and checks need-to-know first.
    /// </summary>
    internal async Task<RecordContent> ReadRecordAsync(RecordId recordId, CancellationToken cancellationToken)
    {
        var row = await Database.FindLatestRecordAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such record here");
        EnsureNotErased(row);
        var version = (uint)row.Version;
        using var key = KeyWrapper.Unwrap(WrappedKey.Parse(row.WrappedKeySelf), _keys.Encryption, recordId, version);
        var envelope = await ReadBlobAsync(_store, row.Cid, cancellationToken).ConfigureAwait(false);
        var plain = RecordCipher.Decrypt(envelope, new RecordBinding(recordId, version, row.ContentType), key);
        return new RecordContent(recordId, version, row.ContentType, plain);
    }

    /// <summary>Reads a whole blob; a block failing its hash check surfaces as <see cref="RecordTamperedException"/>.</summary>
    internal static async Task<byte[]> ReadBlobAsync(IBlobStore store, string cid, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(Storage.Multiformats.Cid.Parse(cid), cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (BlockIntegrityException ex)
        {
            throw new RecordTamperedException("the stored ciphertext does not match its content address", ex);
        }
        catch (KuboApiException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new AccessDeniedException($"the custodian's store refused this node's signed read ({(int)ex.Status}): only registered, active hospitals and the record's own patient may read it", ex);
        }
        catch (KuboApiException ex) when (ex.Status is HttpStatusCode.TooManyRequests)
        {
            throw new StorageUnavailableException("the custodian's store is limiting this node's reads (429); try again shortly", ex);
        }
        catch (KuboApiException ex) when (ex.Status >= HttpStatusCode.InternalServerError)
        {
            throw new StorageUnavailableException($"the custodian's store failed the read ({(int)ex.Status})", ex);
        }
    }

    private async Task<RecordCreated> WriteVersionAsync(NewVersion v, byte[] content, string contentType, ChainAddress practitioner, byte[] patientKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var signer = PractitionerKey(practitioner);
        var record = FhirCodec.Clinical.ParseRecord(content, contentType);
        using var dataKey = DataKey.Generate();
        var binding = new RecordBinding(v.RecordId, v.Version, record.ContentType);
        var envelope = RecordCipher.Encrypt(content, binding, dataKey);
        var cid = await PutEnvelopeAsync(envelope, cancellationToken).ConfigureAwait(false);
        var forPatient = KeyWrapper.Wrap(dataKey, patientKey, v.RecordId, v.Version);
        var forSelf = KeyWrapper.Wrap(dataKey, _keys.EncryptionPublicKey, v.RecordId, v.Version);
        WrappedKey[] manifestKeys = [forPatient, forSelf];
        var manifest = new RecordManifest(v.RecordId, v.Patient, v.Version, v.PreviousManifest, Hash32.FromBytes(SHA256.HashData(content)),
            RecordManifest.HashCid(cid), KeyWrapper.WrappedKeysHash(manifestKeys), Address);
        var signed = Eip712.Sign(RecordsDomain, manifest, signer);
        var commitment = SaltedCommitment.Create(signed.Digest);
        ChainReceipt anchor;
        try
        {
            anchor = await Chain.Records.AnchorRecordAsync(v.RecordId.ToBytes32(), v.Version, commitment.Commitment.ToBytes32(), v.PreviousCommitment.ToBytes32(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Nothing may remain of a version that was never anchored: drop its envelope again (best effort — an
            // unreachable store must not hide why the anchor failed; an orphan envelope is unreadable and harmless).
            await TryUnpinAsync(cid).ConfigureAwait(false);
            if (ex is ContractRevertedException reverted)
            {
                throw new AccessDeniedException($"the chain refused the anchor ({reverted.ErrorName})", ex);
            }

            throw;
        }

        var row = new RecordRow
        {
            RecordId = v.RecordId.ToString(),
            Version = v.Version,
            LocalPatientId = v.LocalPatientId,
            Pseudonym = v.Patient.Address.Lower,
            ContentType = record.ContentType,
            Cid = cid,
            ManifestJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(manifest)),
            ManifestSignature = signed.Signature.ToString(),
            ManifestKeysJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(manifestKeys)),
            Commitment = commitment.Commitment.ToString(),
            Salt = commitment.Salt.ToString(),
            WrappedKeySelf = forSelf.ToString(),
            WrappedKeyPatient = forPatient.ToString(),
            Origin = "local",
            Custodian = Address.Lower,
            CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        await Database.InsertRecordAsync(row, NewAudit(v.Version == 1 ? "create" : "amend", row.RecordId, practitioner.Lower, anchor.TransactionHash), cancellationToken).ConfigureAwait(false);
        return new RecordCreated(v.RecordId, v.Version, cid, commitment.Commitment, anchor);
    }

    private async Task TryUnpinAsync(string cid)
    {
        try
        {
            await _store.UnpinAsync(Storage.Multiformats.Cid.Parse(cid), CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Cleanup after a failed anchor: the anchor's own exception is the one to report.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnpinAfterFailedAnchor(_options.Logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not unpin the envelope of a version whose anchor failed ({ErrorType}); the orphan sweep removes it at the next start")]
    private static partial void LogUnpinAfterFailedAnchor(ILogger logger, string errorType);

    private EthECKey PractitionerKey(ChainAddress practitioner) =>
        _keys.Practitioners.FirstOrDefault(p => p.Address() == practitioner)
        ?? throw new UnknownEntityException("this practitioner does not work at this hospital");

    private sealed record NewVersion(RecordId RecordId, uint Version, Hash32 PreviousManifest, Hash32 PreviousCommitment, string LocalPatientId, Pseudonym Patient);
}
