using EmrShare.Core.IO;
using System.Collections.Concurrent;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Transport;
using EmrShare.Storage;
using EmrShare.Storage.Embedded;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// One hospital node: its own SQLite EMR database, blob store and keys in its own folder. It talks to others
/// only through the chain, blob stores and the <see cref="IHospitalEndpoint"/> messages. This file holds the
/// visit side (handshake, sealed patient messages); records and sharing are in the other partial files.
/// </summary>
public sealed partial class HospitalService : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Hash32, Visit> _visits = new();
    private readonly HospitalKeys _keys;
    private readonly HandshakeResponder _responder;
    private readonly IBlobStore _store;
    private readonly bool _ownsStore;
    private readonly TimeProvider _time;
    private readonly IHospitalDirectory _directory;
    private readonly HospitalOptions _options;
    private readonly SemaphoreSlim _admitGate = new(1, 1);
    private AccessRequestWatcher? _watcher;

    private HospitalService(HospitalOptions options, HospitalDatabase database, IBlobStore store, bool ownsStore)
    {
        Name = options.Name;
        _options = options;
        _keys = options.Keys;
        _time = options.Time;
        _directory = options.Directory;
        Database = database;
        _store = store;
        _ownsStore = ownsStore;
        // One Web3 (one nonce tracker) for everything this hospital's account sends, contract calls and transfers alike.
        Web3 = options.Chain.Connect(options.Keys.AccountKeyHex);
        Chain = new EmrShareChain(Web3, options.Addresses);
        ChainId = (ulong)options.Chain.ChainId;
        DeskChallenges = new SqliteDeskChallenges(database, _time);
        _deskCheckIns = new DeskCheckIns(_time);
        _responder = new HandshakeResponder(_keys.Account, ChainId, _time, desk: DeskChallenges);
        RecordsDomain = Eip712Domain.Records(ChainId, ChainAddress.Parse(options.Addresses.Records));
        AccessDomain = Eip712Domain.AccessControl(ChainId, ChainAddress.Parse(options.Addresses.AccessControl));
    }

    public string Name { get; }

    public ChainAddress Address => _keys.Address;

    public HospitalKeys Keys => _keys;

    public IBlobStore Store => _store;

    /// <summary>How this hospital finds its peers (the Center's signed directory when configured), incl. their display names.</summary>
    public IHospitalDirectory Directory => _directory;

    public HospitalDatabase Database { get; }

    /// <summary>The challenges the desk's check-in QR shows, kept in the EMR database (they survive a restart); a phone binds one into its handshake (single use, 15 min).</summary>
    public IDeskChallengeStore DeskChallenges { get; }

    internal IEmrShareChain Chain { get; }

    internal Nethereum.Web3.IWeb3 Web3 { get; }

    internal ulong ChainId { get; }

    internal Eip712Domain RecordsDomain { get; }

    internal Eip712Domain AccessDomain { get; }

    public static async Task<HospitalService> OpenAsync(HospitalOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        PrivateFiles.CreateDirectory(options.DataDirectory);
        PrivateFiles.PrepareDatabase(Path.Combine(options.DataDirectory, "emr.db"));
        if (options.Store is null)
        {
            PrivateFiles.PrepareDatabase(Path.Combine(options.DataDirectory, "blobs.db"));
        }
        var database = await HospitalDatabase.OpenAsync(Path.Combine(options.DataDirectory, "emr.db"), options.SyncEveryCommit, cancellationToken).ConfigureAwait(false);
        // An external store (a Kubo node shared with other hospitals) belongs to the caller; the embedded one to us.
        var store = options.Store
            ?? await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(Path.Combine(options.DataDirectory, "blobs.db"), SyncEveryCommit: options.SyncEveryCommit), options.Time, cancellationToken).ConfigureAwait(false);
        await OrphanBlobSweep.SweepAtOpenAsync(database, options.Store is null ? store : null, options.Time, options.Logger, cancellationToken).ConfigureAwait(false);
        var hospital = new HospitalService(options, database, store, ownsStore: options.Store is null);
        await hospital.PurgeExpiredQuarantineAsync(cancellationToken).ConfigureAwait(false);
        if (options.WatchAccessRequests)
        {
            try
            {
                var watcher = new AccessRequestWatcher(hospital, hospital.Web3, options.Addresses.AccessControl, options.WatchInterval, options.Time, options.Logger);
                await watcher.StartAsync(cancellationToken).ConfigureAwait(false);
                hospital._watcher = watcher;
            }
            catch
            {
                await hospital.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return hospital;
    }

    /// <summary>The next block the access-request watcher will read (null when watching is off).</summary>
    public long? WatcherNextBlock => _watcher?.NextBlock;

    /// <summary>The watcher's last failed poll (it retries from the same block), or null.</summary>
    public Exception? WatcherLastError => _watcher?.LastError;

    /// <summary>Handshake message 1: only registered patient pseudonyms get an answer.</summary>
    public async Task<HandshakeResponse> BeginVisitAsync(HandshakeInit init, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (!await Chain.Registry.IsPatientPseudonymAsync(init.Patient.Address.ToString(), cancellationToken).ConfigureAwait(false))
        {
            throw new NotRegisteredException("the presented pseudonym is not a registered patient");
        }

        if (init.Desk is null && !_options.AcceptRemoteCheckIns)
        {
            throw new DeskChallengeRequiredException();
        }

        return _responder.Respond(init);
    }

    /// <summary>Handshake message 3 plus the patient's hello; admits (or recognises) the patient and answers its local id.</summary>
    public async Task<SealedMessage> FinishVisitAsync(FinishVisitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = _responder.Complete(request.Finish);
        try
        {
            var hello = NodeJson.FromUtf8<PatientHello>(session.Open(request.Hello));
            var publicKey = HexBytes.Parse(hello.PseudonymPublicKey, 33, "pseudonym public key");
            if (Secp256k1.AddressOf(publicKey) != session.Peer)
            {
                throw new HandshakeAuthenticationException("the hello's public key is not the authenticated pseudonym's");
            }

            var pseudonym = new Pseudonym(session.Peer);
            if (session.Desk is not null)
            {
                // At the desk: nothing is bound to a chart until the clerk confirms the phone's digits (review finding 6).
                return await HoldDeskCheckInAsync(session, pseudonym, publicKey, cancellationToken).ConfigureAwait(false);
            }

            var localId = await OpenVisitAsync(session, pseudonym, publicKey, cancellationToken).ConfigureAwait(false);
            return session.Seal(NodeJson.ToUtf8(new VisitWelcome(localId)));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A check-in that is complete (remote, or confirmed by the desk's clerk): admits or recognises the patient, audits
    /// the visit (the care window), merges their emergency charts, and makes the session a usable visit; answers the local id.
    /// </summary>
    private async Task<string> OpenVisitAsync(SecureSession session, Pseudonym pseudonym, byte[] publicKey, CancellationToken cancellationToken)
    {
        var patient = await AdmitAsync(pseudonym, publicKey, cancellationToken).ConfigureAwait(false);
        await AuditAsync("visit", null, pseudonym.Address.Lower, null, cancellationToken).ConfigureAwait(false);
        await MergeEmergencyChartsAfterVisitAsync(patient.LocalId, cancellationToken).ConfigureAwait(false);
        _visits[session.SessionId] = new Visit(session, patient.LocalId, pseudonym);
        return patient.LocalId;
    }

    /// <summary>Finds or registers the patient; serialised so concurrent first visits get distinct local ids.</summary>
    private async Task<PatientRow> AdmitAsync(Pseudonym pseudonym, byte[] publicKey, CancellationToken cancellationToken)
    {
        await _admitGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var patient = await Database.FindPatientByPseudonymAsync(pseudonym.Address.Lower, cancellationToken).ConfigureAwait(false);
            if (patient is not null)
            {
                return patient;
            }

            var count = await Database.CountPatientsAsync(cancellationToken).ConfigureAwait(false);
            patient = new PatientRow
            {
                LocalId = $"{Name}-{count + 1:D6}",
                Pseudonym = pseudonym.Address.Lower,
                PublicKey = HexBytes.ToHex(publicKey),
                CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
            };
            await Database.InsertPatientAsync(patient, cancellationToken).ConfigureAwait(false);
            return patient;
        }
        finally
        {
            _admitGate.Release();
        }
    }

    /// <summary>Hands the wallet the records created for it since its last pull (sealed both ways).</summary>
    public async Task<SealedMessage> PullDeliveriesAsync(SealedMessage request, CancellationToken cancellationToken)
    {
        var visit = VisitOf(request);
        var pull = NodeJson.FromUtf8<DeliveryPull>(visit.Session.Open(request));
        var rows = await Database.TakeUndeliveredAsync(visit.Pseudonym.Address.Lower, Math.Clamp(pull.Max, 1, 1000), cancellationToken).ConfigureAwait(false);
        var deliveries = rows.Select(r => new RecordDelivery(
            NodeJson.FromUtf8<RecordManifest>(System.Text.Encoding.UTF8.GetBytes(r.ManifestJson)),
            EthSignature.Parse(r.ManifestSignature),
            WrappedKey.Parse(r.WrappedKeyPatient!),
            r.Cid,
            Hash32.Parse(r.Salt),
            r.ContentType)).ToList();
        return visit.Session.Seal(NodeJson.ToUtf8(new DeliveryBatch(deliveries)));
    }

    /// <summary>Closes a visit's session (keys zeroed).</summary>
    public void EndVisit(Hash32 sessionId)
    {
        if (_visits.TryRemove(sessionId, out var visit))
        {
            visit.Session.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync().ConfigureAwait(false);
            _watcher = null;
        }

        foreach (var visit in _visits.Values)
        {
            visit.Session.Dispose();
        }

        _visits.Clear();
        _deskCheckIns.Clear();
        if (_ownsStore && _store is IDisposable owned)
        {
            owned.Dispose();
        }

        Database.ReleaseConnections();
        _admitGate.Dispose();
    }

    private Visit VisitOf(SealedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _visits.TryGetValue(message.SessionId, out var visit)
            ? visit
            : throw new UnknownEntityException("no open visit for this session");
    }

    private Task AuditAsync(string kind, string? recordId, string? counterpart, string? txHash, CancellationToken cancellationToken) =>
        Database.AddAuditAsync(NewAudit(kind, recordId, counterpart, txHash), cancellationToken);

    private AuditRow NewAudit(string kind, string? recordId, string? counterpart, string? txHash) => new()
    {
        At = _time.GetUtcNow().ToUnixTimeSeconds(),
        Kind = kind,
        RecordId = recordId,
        Counterpart = counterpart,
        TransactionHash = txHash,
    };

    private sealed record Visit(SecureSession Session, string LocalPatientId, Pseudonym Pseudonym);
}
