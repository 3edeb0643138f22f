using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Records;
using EmrShare.Nodes.Hospital;
using EmrShare.Storage;

namespace EmrShare.Nodes.Patient;

public sealed partial class PatientWallet
{
    /// <summary>
    /// How this wallet signs its reads of <paramref name="custodian"/>'s store: with its pseudonym key there, which
    /// the Registry lists, so the custodian's peer store admits it (and nobody else reading as this patient).
    /// </summary>
    public Storage.Api.Access.IPeerRequestSigner StoreReadSigner(ChainAddress custodian) =>
        new StoreAccess.AccountRequestSigner(_identity.PseudonymKey(custodian));

    /// <summary>
    /// Reads one of the patient's records from its custodian's store and decrypts it with the key wrapped for
    /// the custodian pseudonym; the result carries the diagnosis summary the wallet shows. The content must
    /// match the signed manifest's SHA-256 (<see cref="RecordVerificationException"/>), the envelope its AEAD
    /// tags (<see cref="RecordTamperedException"/>).
    /// </summary>
    public async Task<ClinicalRecord> OpenRecordAsync(IndexEntry entry, IBlobStore custodianStore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var plain = await ReadRecordContentAsync(entry, custodianStore, cancellationToken).ConfigureAwait(false);
        return FhirCodec.Clinical.ParseRecord(plain, entry.ContentType);
    }

    /// <summary>
    /// The record's decrypted content exactly as the custodian stored it (e.g. to hand to another system), with the
    /// same checks as <see cref="OpenRecordAsync"/>: AEAD tags, then the signed manifest's SHA-256.
    /// </summary>
    public async Task<byte[]> ReadRecordContentAsync(IndexEntry entry, IBlobStore custodianStore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(custodianStore);
        var envelope = await HospitalService.ReadBlobAsync(custodianStore, entry.Cid, cancellationToken).ConfigureAwait(false);
        using var key = KeyWrapper.Unwrap(entry.KeyForPatient, _identity.PseudonymKey(entry.Custodian), entry.RecordId, entry.Version);
        var plain = RecordCipher.Decrypt(envelope, new RecordBinding(entry.RecordId, entry.Version, entry.ContentType), key);
        if (Hash32.FromBytes(SHA256.HashData(plain)) != entry.ContentHash)
        {
            throw new RecordVerificationException("the record's content does not match its signed manifest");
        }

        return plain;
    }

    /// <summary>The access log as a validated FHIR AuditEvent Bundle (JSON), with block timestamps from the chain.</summary>
    public async Task<string> ExportAuditAsync(CancellationToken cancellationToken)
    {
        var log = await GetAccessLogAsync(cancellationToken).ConfigureAwait(false);
        return AuditExport.ToJson(AuditExport.ToBundle(log, Chain.Addresses.AccessControl));
    }
}
