using System.Security.Cryptography;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Core.Signing;
using EmrShare.Wallet.Checkin;
using EmrShare.Wallet.Services;
using EmrShare.Wallet.Vault;

namespace EmrShare.Wallet.Records;

/// <summary>One record in the phone's medical index: where it lives, how to open it, what it is (no plaintext beyond title and date).</summary>
public sealed record IndexedRecord(
    string Hospital, string Endpoint, string RecordId, uint Version, string ContentType, string ContentHash, string WrappedKey, string Title, string Date, bool Kept)
{
    public string KeptName => $"record:{RecordId}:{Version}";
}

/// <summary>
/// The patient's records on the phone: check in at a hospital, collect the records it made for this patient (each
/// checked against its manifest and opened on the device), read one (record key unwrapped with ECIES and the envelope
/// decrypted with AES-256-GCM, both here), keep a copy. The index and kept copies are in <see cref="DeviceStore"/>,
/// so they show offline.
/// </summary>
public sealed class WalletRecords(WalletSession session, HospitalVisitClient client, DeviceStore store, PatientChain chain, CenterClient center, TimeProvider time)
{
    private const string IndexName = "index";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public OpenVisit? Visit { get; private set; }

    public async Task<OpenVisit> CheckInAsync(string code, CancellationToken cancellationToken)
    {
        var parsed = CheckInCode.Parse(code, time.GetUtcNow());
        await EnsureGenuineDeskAsync(parsed, cancellationToken).ConfigureAwait(true);
        var visit = await client.CheckInAsync(parsed, session.PseudonymKey(parsed.Hospital), cancellationToken).ConfigureAwait(true);
        Visit?.Dispose();
        Visit = visit;
        return visit;
    }

    /// <summary>
    /// Waits for the desk to confirm the pending check-in (asks every <paramref name="interval"/>, up to the desk code's
    /// age); true when confirmed, false when the wait ended; a rejected check-in is a <see cref="CheckInFailedException"/>.
    /// </summary>
    public async Task<bool> AwaitDeskConfirmationAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var visit = Visit ?? throw new CheckInFailedException("check in at the hospital first");
        var until = time.GetUtcNow() + CheckInCode.MaxAge;
        while (!await client.AskConfirmationAsync(visit, cancellationToken).ConfigureAwait(true))
        {
            if (time.GetUtcNow() >= until)
            {
                return false;
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(true);
        }

        return true;
    }

    /// <summary>Pulls the records created since the last pull, checks and opens each, adds them to the index; returns how many.</summary>
    public async Task<int> CollectAsync(CancellationToken cancellationToken)
    {
        var visit = Visit ?? throw new CheckInFailedException("check in at the hospital first");
        var hospital = visit.Code.Hospital;
        var me = session.PseudonymAt(hospital);
        var deliveries = await client.PullDeliveriesAsync(visit, cancellationToken).ConfigureAwait(true);
        var index = (await ListAsync(cancellationToken).ConfigureAwait(true)).ToList();
        foreach (var d in deliveries)
        {
            var m = d.Manifest;
            if (m.Patient != me || m.Custodian != hospital || RecordManifest.HashCid(d.Cid) != m.CidHash)
            {
                throw new CheckInFailedException("the hospital delivered a record that is not about you at this hospital");
            }

            await EnsureSignedByPractitionerAsync(d, hospital, cancellationToken).ConfigureAwait(true);
            var entry = new IndexedRecord(hospital.ToString(), visit.Code.Endpoint.ToString(), m.RecordId.ToString(), m.Version, d.ContentType, m.ContentHash.ToString(),
                d.KeyForPatient.ToString(), string.Empty, string.Empty, Kept: false);
            var readable = ReadableRecord.From(Open(entry, await client.ReadEnvelopeAsync(visit, m.RecordId, m.Version, cancellationToken).ConfigureAwait(true)), d.ContentType);
            index.RemoveAll(e => e.RecordId == entry.RecordId && e.Version == entry.Version);
            index.Add(entry with { Title = readable.Title, Date = readable.Date });
        }

        await SaveAsync(index, cancellationToken).ConfigureAwait(true);
        return deliveries.Count;
    }

    /// <summary>The index on this phone, newest first (readable offline once the wallet is unlocked).</summary>
    public async Task<IReadOnlyList<IndexedRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var key = session.DeviceStoreKey();
        try
        {
            var bytes = await store.GetAsync(IndexName, key, cancellationToken).ConfigureAwait(true);
            return bytes is null ? [] : JsonSerializer.Deserialize<List<IndexedRecord>>(bytes, Json) ?? [];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>A kept copy from the phone, else the envelope from the hospital in the open visit; opened here.</summary>
    public async Task<ReadableRecord> ReadAsync(IndexedRecord entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kept && await ReadKeptAsync(entry, cancellationToken).ConfigureAwait(true) is { } kept)
        {
            return ReadableRecord.From(kept, entry.ContentType);
        }

        if (Visit is not { } visit || visit.Code.Hospital != ChainAddress.Parse(entry.Hospital))
        {
            throw new CheckInFailedException("to read this record, check in at its hospital (or keep a copy on this phone while you are there)");
        }

        var envelope = await client.ReadEnvelopeAsync(visit, RecordId.Parse(entry.RecordId), entry.Version, cancellationToken).ConfigureAwait(true);
        return ReadableRecord.From(Open(entry, envelope), entry.ContentType);
    }

    /// <summary>Keeps the decrypted record on this phone, encrypted under the device-store key.</summary>
    public async Task KeepAsync(IndexedRecord entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var visit = Visit ?? throw new CheckInFailedException("check in at the record's hospital to keep a copy");
        var content = Open(entry, await client.ReadEnvelopeAsync(visit, RecordId.Parse(entry.RecordId), entry.Version, cancellationToken).ConfigureAwait(true));
        var key = session.DeviceStoreKey();
        try
        {
            await store.PutAsync(entry.KeptName, content, key, cancellationToken).ConfigureAwait(true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(content);
        }

        var index = (await ListAsync(cancellationToken).ConfigureAwait(true)).Select(e => e.KeptName == entry.KeptName ? e with { Kept = true } : e).ToList();
        await SaveAsync(index, cancellationToken).ConfigureAwait(true);
    }

    /// <summary>
    /// Review S4: a code printed by anyone must not start a check-in. Its chain must be the network's (as the Center
    /// describes it) and its hospital registered and active on chain (read through the Center's /rpc).
    /// </summary>
    private async Task EnsureGenuineDeskAsync(CheckInCode code, CancellationToken cancellationToken)
    {
        bool active;
        WalletNetwork network;
        try
        {
            network = await center.NetworkAsync(cancellationToken).ConfigureAwait(true);
            active = await chain.IsActiveHospitalAsync(code.Hospital, cancellationToken).ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is HttpRequestException or RelayRefusedException or System.Text.Json.JsonException or TaskCanceledException
            or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            throw new CheckInCodeException("cannot check this hospital with the Center right now (offline?), so the wallet will not check in; try again when connected");
        }

        if (code.ChainId != (ulong)network.ChainId)
        {
            throw new CheckInCodeException($"this check-in code is for another network (chain {code.ChainId}); this wallet's network is chain {network.ChainId}. Do not use it");
        }

        if (!active)
        {
            throw new CheckInCodeException("the hospital in this check-in code is not registered with the Center, or no longer active. Do not check in with it; tell the desk");
        }
    }

    /// <summary>Review S4: each delivered manifest must be signed by a practitioner the Registry lists as active at this hospital (Core's check).</summary>
    private async Task EnsureSignedByPractitionerAsync(RecordDelivery delivery, ChainAddress hospital, CancellationToken cancellationToken)
    {
        var network = await center.NetworkAsync(cancellationToken).ConfigureAwait(true);
        var digest = Eip712.Digest(Eip712Domain.Records((ulong)network.ChainId, ChainAddress.Parse(network.Records)), delivery.Manifest);
        try
        {
            await ManifestAuthority.EnsureSignedByPractitionerOfAsync(chain, delivery.ManifestSignature, digest, hospital, cancellationToken).ConfigureAwait(true);
        }
        catch (ManifestNotAuthorisedException ex)
        {
            throw new CheckInFailedException("the hospital delivered a record that none of its registered practitioners signed (" + ex.Message + "); nothing was saved");
        }
    }

    public void EndVisit()
    {
        Visit?.Dispose();
        Visit = null;
    }

    /// <summary>Unwraps the record key with the pseudonym key (ECIES) and decrypts (AES-256-GCM); the content must match the signed manifest.</summary>
    private byte[] Open(IndexedRecord entry, byte[] envelope)
    {
        var recordId = RecordId.Parse(entry.RecordId);
        using var key = KeyWrapper.Unwrap(WrappedKey.Parse(entry.WrappedKey), session.PseudonymKey(ChainAddress.Parse(entry.Hospital)), recordId, entry.Version);
        var plain = RecordCipher.Decrypt(envelope, new RecordBinding(recordId, entry.Version, entry.ContentType), key);
        return Hash32.FromBytes(SHA256.HashData(plain)) == Hash32.Parse(entry.ContentHash)
            ? plain
            : throw new CheckInFailedException("the record's content does not match its signed manifest");
    }

    private async Task<byte[]?> ReadKeptAsync(IndexedRecord entry, CancellationToken cancellationToken)
    {
        var key = session.DeviceStoreKey();
        try
        {
            return await store.GetAsync(entry.KeptName, key, cancellationToken).ConfigureAwait(true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async Task SaveAsync(List<IndexedRecord> index, CancellationToken cancellationToken)
    {
        var ordered = index.OrderByDescending(e => e.Date, StringComparer.Ordinal).ToList();
        var key = session.DeviceStoreKey();
        try
        {
            await store.PutAsync(IndexName, JsonSerializer.SerializeToUtf8Bytes(ordered, Json), key, cancellationToken).ConfigureAwait(true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
