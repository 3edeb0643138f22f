using EmrShare.Core.IO;
using System.Security.Cryptography;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Identity;
using EmrShare.Core.Merkle;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Patient;

/// <summary>Relays a patient-signed revocation to the chain (the Center does; any funded account could).</summary>
public interface IRevocationRelay
{
    Task<ChainReceipt> RelayRevocationAsync(GrantRef grant, EthSignature signature, CancellationToken cancellationToken);
}

/// <summary>One event of the patient's access log, with the hospital whose pseudonym it concerns and when its block was sealed.</summary>
public sealed record AccessLogEntry(ChainAddress Hospital, PatientAuditEntry Entry, DateTimeOffset At);

/// <summary>
/// The patient's wallet: master secret (identity, per-hospital pseudonyms, index account), the encrypted medical
/// index anchored on chain from the index account, and consent (grant, revoke) signed with pseudonym keys.
/// It holds its own data folder and talks to hospitals only through their endpoints.
/// </summary>
public sealed partial class PatientWallet : IDisposable
{
    private readonly PatientIdentity _identity;
    private readonly byte[] _indexKey;
    private readonly string _indexPath;
    private readonly TimeProvider _time;
    private readonly HashSet<ChainAddress> _hospitals = [];
    private readonly Nethereum.Web3.IWeb3 _web3;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<System.Numerics.BigInteger, DateTimeOffset> _blockTimes = new();

    private PatientWallet(PatientIdentity identity, string dataDirectory, ChainAccess chain, EmrShareAddresses addresses, TimeProvider time, MedicalIndex index, GivenGrants given)
    {
        Given = given;
        _identity = identity;
        _time = time;
        _indexPath = Path.Combine(dataDirectory, "index.bin");
        var secret = identity.ExportMasterSecret();
        _indexKey = MedicalIndex.DeriveKey(secret);
        CryptographicOperations.ZeroMemory(secret);
        Index = index;
        ChainId = (ulong)chain.ChainId;
        Chain = chain.Bind(HexBytes.ToHex(identity.IndexKey().ToBytes32()), addresses);
        _web3 = chain.Connect(HexBytes.ToHex(identity.IndexKey().ToBytes32()));
        AccessDomain = Eip712Domain.AccessControl(ChainId, ChainAddress.Parse(addresses.AccessControl));
        RecordsDomain = Eip712Domain.Records(ChainId, ChainAddress.Parse(addresses.Records));
    }

    public MedicalIndex Index { get; }

    /// <summary>The grants this wallet has given (persisted, encrypted), with their revocation state.</summary>
    public GivenGrants Given { get; }

    public ChainAddress IndexAccount => _identity.IndexKey().Address();

    public IEmrShareChain Chain { get; }

    private ulong ChainId { get; }

    private Eip712Domain AccessDomain { get; }

    private Eip712Domain RecordsDomain { get; }

    public static async Task<PatientWallet> OpenAsync(string dataDirectory, PatientIdentity identity, ChainAccess chain, EmrShareAddresses addresses, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(chain);
        PrivateFiles.CreateDirectory(dataDirectory);
        var secret = identity.ExportMasterSecret();
        var key = MedicalIndex.DeriveKey(secret);
        var grantsKey = GivenGrants.DeriveKey(secret);
        CryptographicOperations.ZeroMemory(secret);
        var index = await MedicalIndex.LoadAsync(Path.Combine(dataDirectory, "index.bin"), key, cancellationToken).ConfigureAwait(false);
        var given = await GivenGrants.OpenAsync(Path.Combine(dataDirectory, "grants.bin"), grantsKey, cancellationToken).ConfigureAwait(false);
        return new PatientWallet(identity, dataDirectory, chain, addresses, time, index, given);
    }

    public Pseudonym PseudonymAt(ChainAddress hospital) => _identity.PseudonymAt(hospital);

    public Hash32 IdentityCommitment(Hash32 salt) => _identity.IdentityCommitment(salt);

    /// <summary>
    /// The registration request the Center enrols: an identity commitment under a fresh random salt, this patient's
    /// pseudonym at each of <paramref name="hospitals"/> (once each) and the index account. Nothing identifying.
    /// </summary>
    public Deployment.PatientRegistrationRequest RegistrationRequest(IEnumerable<ChainAddress> hospitals)
    {
        ArgumentNullException.ThrowIfNull(hospitals);
        return Deployment.PatientRegistrationRequest.Prove(_identity, hospitals, Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)),
            ChainId, ChainAddress.Parse(Chain.Addresses.Registry), _time);
    }

    /// <summary>Mutual authentication with a hospital (Core handshake) and the hello carrying the pseudonym's public key.</summary>
    public Task<PatientVisit> BeginVisitAsync(IHospitalEndpoint endpoint, ChainAddress hospital, CancellationToken cancellationToken) =>
        BeginVisitAsync(endpoint, hospital, desk: null, cancellationToken);

    /// <summary>
    /// A check-in at the desk: the desk's challenge (from its QR) is bound into the handshake (version 2). The hospital
    /// holds such a check-in pending until its clerk confirms the <see cref="PatientVisit.ConfirmationCode"/> this
    /// device shows (<c>HospitalService.ConfirmDeskCheckInAsync</c>); <see cref="AskDeskConfirmationAsync"/> asks.
    /// </summary>
    public async Task<PatientVisit> BeginVisitAsync(IHospitalEndpoint endpoint, ChainAddress hospital, DeskChallenge? desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);

        // The handshake proves the peer holds this address's key; the Registry says whether it is a hospital.
        if (!await Chain.Registry.IsActiveHospitalAsync(hospital.ToString(), cancellationToken).ConfigureAwait(false))
        {
            throw new NotRegisteredException("this address is not an active registered hospital");
        }

        var key = _identity.PseudonymKey(hospital);
        var initiator = HandshakeInitiator.Start(key, hospital, ChainId, _time, desk: desk);
        var response = await endpoint.BeginVisitAsync(initiator.Init, cancellationToken).ConfigureAwait(false);
        var (finish, session) = initiator.Complete(response);
        try
        {
            var hello = session.Seal(NodeJson.ToUtf8(new PatientHello(HexBytes.ToHex(key.PublicKeyCompressed()))));
            var welcome = NodeJson.FromUtf8<VisitWelcome>(session.Open(await endpoint.FinishVisitAsync(new FinishVisitRequest(finish, hello), cancellationToken).ConfigureAwait(false)));
            _hospitals.Add(hospital);
            return new PatientVisit(hospital, endpoint, session, welcome.Pending ? string.Empty : welcome.LocalPatientId);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Pulls the records created during a visit, checks each (ours, from this custodian, signed by one of its
    /// registered practitioners, key opens), adds them to the index and anchors the new index hash.
    /// </summary>
    public async Task<(IReadOnlyList<IndexEntry> Added, ChainReceipt? Anchor)> CollectRecordsAsync(PatientVisit visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var reply = await visit.Endpoint.PullDeliveriesAsync(visit.Session.Seal(NodeJson.ToUtf8(new DeliveryPull(100))), cancellationToken).ConfigureAwait(false);
        var batch = NodeJson.FromUtf8<DeliveryBatch>(visit.Session.Open(reply));
        var me = PseudonymAt(visit.Hospital);
        var added = new List<IndexEntry>();
        foreach (var d in batch.Records)
        {
            var m = d.Manifest;
            if (m.Patient != me || m.Custodian != visit.Hospital || RecordManifest.HashCid(d.Cid) != m.CidHash)
            {
                throw new RecordVerificationException("a delivered manifest is not about this patient at this hospital");
            }

            var digest = Eip712.Digest(RecordsDomain, m);
            try
            {
                await ManifestAuthority.EnsureSignedByPractitionerOfAsync(new RegistryPractitioners(Chain.Registry), d.ManifestSignature, digest, visit.Hospital, cancellationToken).ConfigureAwait(false);
            }
            catch (ManifestNotAuthorisedException ex)
            {
                throw new RecordVerificationException("a delivered manifest is not signed by a practitioner of this hospital: " + ex.Message, ex);
            }

            using (KeyWrapper.Unwrap(d.KeyForPatient, _identity.PseudonymKey(visit.Hospital), m.RecordId, m.Version))
            {
                // Opening the key proves the wallet can read the record later; the key itself is not kept.
            }

            added.Add(new IndexEntry(visit.Hospital, m.RecordId, m.Version, d.ContentType, d.Cid, d.Salt, digest, m.ContentHash, d.KeyForPatient));
        }

        if (added.Count == 0)
        {
            return (added, null);
        }

        foreach (var entry in added)
        {
            Index.Add(entry);
        }

        return (added, await AnchorIndexAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Encrypts and saves the index, then anchors its hash with the next sequence number.</summary>
    public async Task<ChainReceipt> AnchorIndexAsync(CancellationToken cancellationToken)
    {
        var hash = await Index.SaveAsync(_indexPath, _indexKey, cancellationToken).ConfigureAwait(false);
        var latest = await Chain.Index.GetLatestIndexAsync(IndexAccount.ToString(), cancellationToken).ConfigureAwait(false);
        return await Chain.Index.AnchorIndexAsync(hash.ToBytes32(), latest.Sequence + 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Grants the hospital of <paramref name="visitAtGrantee"/> read access to <paramref name="records"/> held by
    /// <paramref name="custodian"/> (empty = all), signed by the custodian pseudonym, handed over the session.
    /// <paramref name="grantee"/> overrides the grantee named in the grant (default: the visited hospital); a
    /// hospital refuses a grant that names another hospital.
    /// </summary>
    public Task<GrantAccepted> GrantAsync(PatientVisit visitAtGrantee, ChainAddress custodian, IReadOnlyList<RecordId> records, DateTimeOffset expiry, CancellationToken cancellationToken, ChainAddress? grantee = null)
    {
        ArgumentNullException.ThrowIfNull(visitAtGrantee);
        return OfferGrantAsync(visitAtGrantee, SignGrant(grantee ?? visitAtGrantee.Hospital, custodian, records, expiry), cancellationToken);
    }

    /// <summary>Signs a grant (fresh random nonce) with the custodian pseudonym, without handing it over yet.</summary>
    public GrantOffer SignGrant(ChainAddress grantee, ChainAddress custodian, IReadOnlyList<RecordId> records, DateTimeOffset expiry)
    {
        ArgumentNullException.ThrowIfNull(records);
        var grant = new Grant(PseudonymAt(custodian), grantee, GrantScope.Of(records), GrantPurpose.Treatment,
            (ulong)expiry.ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));
        return new GrantOffer(Eip712.Sign(AccessDomain, grant, _identity.PseudonymKey(custodian)), custodian, records);
    }

    /// <summary>Hands a signed grant to the visited hospital over the session; it checks and submits it on chain.</summary>
    public async Task<GrantAccepted> OfferGrantAsync(PatientVisit visitAtGrantee, GrantOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitAtGrantee);
        ArgumentNullException.ThrowIfNull(offer);
        var reply = await visitAtGrantee.Endpoint.SubmitGrantAsync(visitAtGrantee.Session.Seal(NodeJson.ToUtf8(offer)), cancellationToken).ConfigureAwait(false);
        var accepted = NodeJson.FromUtf8<GrantAccepted>(visitAtGrantee.Session.Open(reply));
        var expiry = DateTimeOffset.FromUnixTimeSeconds((long)offer.Grant.Message.Expiry);
        await Given.AddAsync(new GivenGrant(accepted, offer.Records, expiry, null), cancellationToken).ConfigureAwait(false);
        return accepted;
    }

    /// <summary>Who did what with this patient's grants and records: the chain's events for each of its pseudonyms.</summary>
    public async Task<IReadOnlyList<AccessLogEntry>> GetAccessLogAsync(CancellationToken cancellationToken)
    {
        var hospitals = _hospitals.Concat(Index.Entries.Select(e => e.Custodian)).Distinct().ToList();
        var log = new List<AccessLogEntry>();
        foreach (var hospital in hospitals)
        {
            var history = await Chain.AccessControl.GetPatientHistoryAsync(PseudonymAt(hospital).Address.ToString(), cancellationToken).ConfigureAwait(false);
            foreach (var entry in history)
            {
                log.Add(new AccessLogEntry(hospital, entry, await BlockTimeAsync(entry.BlockNumber, cancellationToken).ConfigureAwait(false)));
            }
        }

        return [.. log.OrderBy(e => e.Entry.BlockNumber).ThenBy(e => e.Entry.LogIndex)];
    }

    /// <summary>When a block was sealed (its header timestamp); blocks never change, so each is asked for once.</summary>
    private async Task<DateTimeOffset> BlockTimeAsync(System.Numerics.BigInteger number, CancellationToken cancellationToken)
    {
        if (_blockTimes.TryGetValue(number, out var known))
        {
            return known;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var block = await _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(new Nethereum.Hex.HexTypes.HexBigInteger(number)).ConfigureAwait(false);
        var at = DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
        _blockTimes[number] = at;
        return at;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_indexKey);
        Given.Forget();
        _identity.Dispose();
    }
}
