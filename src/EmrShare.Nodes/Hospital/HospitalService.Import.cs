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

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>
    /// Grantee side: verifies a fulfilment completely before anything is stored — manifest names the expected
    /// record, patient and custodian; practitioner signature, practitioner registered under the custodian;
    /// wrapped-keys hash; CID hash; on-chain commitment opens with the salt; ciphertext decrypts (AEAD) and its
    /// SHA-256 matches; the content is valid FHIR. Failures: <see cref="RecordVerificationException"/>,
    /// <see cref="RecordTamperedException"/>, <see cref="FhirValidationException"/>.
    /// </summary>
    public async Task<RecordReceived> ImportReceivedAsync(Fulfilment fulfilment, Hash32 grantId, RecordId expectedRecord, HospitalContact custodian, ChainReceipt request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fulfilment);
        ArgumentNullException.ThrowIfNull(custodian);
        var grant = await Database.FindGrantAsync(grantId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such grant held here");
        return await ImportVerifiedAsync(fulfilment, expectedRecord, new Pseudonym(ChainAddress.Parse(grant.Patient)), grant.LocalPatientId, custodian, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The checks of <see cref="ImportReceivedAsync"/> against an expected record and patient; files the copy under
    /// <paramref name="localPatientId"/>. An emergency copy (<paramref name="emergency"/>) is filed under a chart the
    /// clinician named, so its patient is first compared with that chart (review C7); a refused copy goes to quarantine
    /// (HospitalService.EmergencyQuarantine.cs), and one filed from there is read from the kept envelope.
    /// </summary>
    private async Task<RecordReceived> ImportVerifiedAsync(Fulfilment fulfilment, RecordId expectedRecord, Pseudonym expectedPatient, string localPatientId, HospitalContact custodian, ChainReceipt request, CancellationToken cancellationToken,
        EmergencyDelivery? emergency = null)
    {
        var manifest = fulfilment.Manifest;
        if (manifest.RecordId != expectedRecord || manifest.Custodian != custodian.Address || manifest.Patient != expectedPatient)
        {
            throw new RecordVerificationException("the manifest is for another record, custodian or patient");
        }

        var digest = Eip712.Digest(RecordsDomain, manifest);
        await CheckPractitionerAsync(fulfilment.ManifestSignature, digest, custodian.Address, cancellationToken).ConfigureAwait(false);
        if (KeyWrapper.WrappedKeysHash(fulfilment.ManifestKeys) != manifest.WrappedKeysHash)
        {
            throw new RecordVerificationException("the wrapped keys do not match the manifest");
        }

        if (RecordManifest.HashCid(fulfilment.Cid) != manifest.CidHash)
        {
            throw new RecordVerificationException("the CID is not the one the manifest names");
        }

        var anchored = await Chain.Records.GetCommitmentAsync(custodian.Address.ToString(), manifest.RecordId.ToBytes32(), manifest.Version, cancellationToken).ConfigureAwait(false);
        if (anchored.IsZero)
        {
            throw new RecordVerificationException("the custodian never anchored this record version");
        }

        try
        {
            SaltedCommitment.EnsureOpens(anchored.ToHash32(), digest, fulfilment.Salt);
        }
        catch (CommitmentMismatchException ex)
        {
            throw new RecordVerificationException("the manifest does not open the on-chain commitment", ex);
        }

        var envelope = emergency?.QuarantinedEnvelope ?? await ReadBlobAsync(custodian.Store, fulfilment.Cid, cancellationToken).ConfigureAwait(false);
        using var dataKey = KeyWrapper.Unwrap(fulfilment.KeyForGrantee, _keys.Encryption, manifest.RecordId, manifest.Version);
        var plain = RecordCipher.Decrypt(envelope, new RecordBinding(manifest.RecordId, manifest.Version, fulfilment.ContentType), dataKey);
        if (Hash32.FromBytes(SHA256.HashData(plain)) != manifest.ContentHash)
        {
            throw new RecordVerificationException("the decrypted content does not match the manifest's content hash");
        }

        FhirCodec.Clinical.ParseRecord(plain, fulfilment.ContentType);
        var chartCheck = emergency is null ? null : await CheckEmergencyCopyAsync(emergency, fulfilment, envelope, plain, cancellationToken).ConfigureAwait(false);

        // Verified: keep our own copy of the envelope (same bytes → same CID) and a key wrapped for ourselves.
        var cid = await PutEnvelopeAsync(envelope, cancellationToken).ConfigureAwait(false);
        if (cid != fulfilment.Cid)
        {
            throw new RecordVerificationException("the envelope does not hash to the CID it was fetched by");
        }

        var row = new RecordRow
        {
            RecordId = manifest.RecordId.ToString(),
            Version = manifest.Version,
            LocalPatientId = localPatientId,
            Pseudonym = manifest.Patient.Address.Lower,
            ContentType = fulfilment.ContentType,
            Cid = cid,
            ManifestJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(manifest)),
            ManifestSignature = fulfilment.ManifestSignature.ToString(),
            ManifestKeysJson = Encoding.UTF8.GetString(NodeJson.ToUtf8(fulfilment.ManifestKeys)),
            Commitment = anchored.ToHash32().ToString(),
            Salt = fulfilment.Salt.ToString(),
            WrappedKeySelf = KeyWrapper.Wrap(dataKey, _keys.EncryptionPublicKey, manifest.RecordId, manifest.Version).ToString(),
            WrappedKeyPatient = null,
            Delivered = 1,
            Origin = "received",
            Custodian = custodian.Address.Lower,
            CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        var stored = await InsertReceivedAsync(row, NewAudit("receive", row.RecordId, custodian.Address.Lower, fulfilment.FulfilmentTransaction), cancellationToken).ConfigureAwait(false);
        if (stored && chartCheck is not null)
        {
            await CompletePatientCheckAsync(chartCheck, manifest.RecordId, emergency!.Request.FiledBy ?? emergency.Request.Practitioner, cancellationToken).ConfigureAwait(false);
        }

        return new RecordReceived(manifest.RecordId, manifest.Version, custodian.Address, cid, request, fulfilment.FulfilmentTransaction, fulfilment.FulfilmentGasUsed) { AlreadyHeld = !stored };
    }

    /// <summary>Core's one manifest-signer check (also the wallets'), refused as a verification failure here.</summary>
    private async Task CheckPractitionerAsync(EthSignature signature, Hash32 digest, ChainAddress custodian, CancellationToken cancellationToken)
    {
        try
        {
            await ManifestAuthority.EnsureSignedByPractitionerOfAsync(new RegistryPractitioners(Chain.Registry), signature, digest, custodian, cancellationToken).ConfigureAwait(false);
        }
        catch (ManifestNotAuthorisedException ex)
        {
            throw new RecordVerificationException(ex.Message, ex);
        }
    }
}
