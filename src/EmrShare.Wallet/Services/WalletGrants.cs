using System.Security.Cryptography;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Wallet.Checkin;
using EmrShare.Wallet.Records;
using EmrShare.Wallet.Vault;

namespace EmrShare.Wallet.Services;

/// <summary>A grant this phone signed and had relayed, with the records it lists and whether its grantee has it yet.</summary>
public sealed record PhoneGrant(GrantOffer Offer, Hash32 GrantId, bool HandedOver)
{
    public ChainAddress Grantee => Offer.Grant.Message.Grantee;

    public Hash32 Scope => Offer.Grant.Message.Scope;
}

/// <summary>
/// Grants from the phone (docs/wallet.md "Sharing from the phone"): signed here for a chosen subset of the records at
/// one custodian (Core's GrantScope), relayed through the Center, then handed to the grantee in a visit there
/// (<see cref="HospitalVisitClient.HandOverGrantAsync"/>) so it can request exactly those records. The signed grants
/// and their record lists are kept encrypted in this browser's device store: the chain stores a grant under its scope,
/// so revoking or listing a record-scoped grant needs the list. Only signed messages and record ids leave the phone.
/// </summary>
public sealed class WalletGrants(WalletSession session, DeviceStore store, CenterClient center, HospitalVisitClient client, WalletRecords records, TimeProvider time)
{
    private const string ItemName = "grants";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Signs and relays a grant of <paramref name="recordIds"/> (empty: all) at <paramref name="custodian"/> to
    /// <paramref name="grantee"/>; hands it over at once when the open visit is at the grantee.
    /// </summary>
    public async Task<(RelayResult Relayed, PhoneGrant Grant)> GiveAsync(ChainAddress custodian, ChainAddress grantee, GrantPurpose purpose, DateTimeOffset expiry, IReadOnlyList<RecordId> recordIds, CancellationToken cancellationToken)
    {
        var network = await center.NetworkAsync(cancellationToken).ConfigureAwait(true);
        var signed = session.SignGrant(network.AccessDomain, custodian, grantee, purpose, expiry, recordIds);
        var relayed = await center.RelayGrantAsync(signed, cancellationToken).ConfigureAwait(true);
        var grant = new PhoneGrant(new GrantOffer(signed, custodian, recordIds), Eip712.GrantId(network.AccessDomain, signed.Message), HandedOver: false);
        await SaveAsync(grant, cancellationToken).ConfigureAwait(true);
        if (records.Visit?.Code.Hospital == grantee)
        {
            grant = await HandOverAsync(grant, cancellationToken).ConfigureAwait(true);
        }

        return (relayed, grant);
    }

    /// <summary>Hands a relayed grant to its grantee; the open visit must be at that hospital.</summary>
    public async Task<PhoneGrant> HandOverAsync(PhoneGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var visit = records.Visit is { } open && open.Code.Hospital == grant.Grantee
            ? open
            : throw new CheckInFailedException("check in at the hospital you shared with first, then hand the grant over");
        var network = await center.NetworkAsync(cancellationToken).ConfigureAwait(true);
        var handover = session.SignHandover(network.AccessDomain, grant.Offer.Grant.Message, grant.Offer.Custodian, time);
        var accepted = await client.HandOverGrantAsync(visit, grant.Offer with { Handover = handover }, cancellationToken).ConfigureAwait(true);
        if (accepted.GrantId != grant.GrantId)
        {
            throw new CheckInFailedException("the hospital answered for another grant");
        }

        var handed = grant with { HandedOver = true };
        await SaveAsync(handed, cancellationToken).ConfigureAwait(true);
        return handed;
    }

    /// <summary>The grants given from this phone (or imported into it).</summary>
    public async Task<IReadOnlyList<PhoneGrant>> ListAsync(CancellationToken cancellationToken)
    {
        var key = session.DeviceStoreKey();
        try
        {
            var bytes = await store.GetAsync(ItemName, key, cancellationToken).ConfigureAwait(true);
            return bytes is null ? [] : JsonSerializer.Deserialize<List<PhoneGrant>>(bytes, Json) ?? [];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async Task SaveAsync(PhoneGrant grant, CancellationToken cancellationToken)
    {
        var all = (await ListAsync(cancellationToken).ConfigureAwait(true)).Where(g => g.GrantId != grant.GrantId).Append(grant).ToList();
        var key = session.DeviceStoreKey();
        try
        {
            await store.PutAsync(ItemName, JsonSerializer.SerializeToUtf8Bytes(all, Json), key, cancellationToken).ConfigureAwait(true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
