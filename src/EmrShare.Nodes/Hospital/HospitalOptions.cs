using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;
using Nethereum.Signer;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// A hospital's keys: its chain account (sends transactions, signs handshakes and access requests), a separate
/// encryption key (registered in the Registry; data keys are wrapped for it) and its practitioners' signing keys.
/// </summary>
public sealed class HospitalKeys
{
    public HospitalKeys(string accountKey, string encryptionKey, IReadOnlyList<string> practitionerKeys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(encryptionKey);
        ArgumentNullException.ThrowIfNull(practitionerKeys);
        AccountKeyHex = accountKey;
        Account = PrivateKeys.FromScalar(HexBytes.Parse(accountKey, 32, "account key"));
        Encryption = PrivateKeys.FromScalar(HexBytes.Parse(encryptionKey, 32, "encryption key"));
        Practitioners = practitionerKeys.Select(k => PrivateKeys.FromScalar(HexBytes.Parse(k, 32, "practitioner key"))).ToList();
    }

    internal string AccountKeyHex { get; }

    internal EthECKey Account { get; }

    internal EthECKey Encryption { get; }

    internal IReadOnlyList<EthECKey> Practitioners { get; }

    public ChainAddress Address => Account.Address();

    /// <summary>33-byte compressed encryption public key, as registered in the Registry.</summary>
    public byte[] EncryptionPublicKey => Encryption.PublicKeyCompressed();

    public IReadOnlyList<ChainAddress> PractitionerAddresses => Practitioners.Select(p => p.Address()).ToList();

    /// <summary>Fresh random encryption and practitioner keys around a given (funded) account key.</summary>
    public static HospitalKeys Generate(string accountKey, int practitioners = 1) =>
        new(accountKey, HexBytes.ToHex(NewSigningKey()), Enumerable.Range(0, practitioners).Select(_ => HexBytes.ToHex(NewSigningKey())).ToList());

    /// <summary>A fresh random secp256k1 key that can also send transactions (see <see cref="Secp256k1.NewAccountKey"/>).</summary>
    public static byte[] NewSigningKey() => Secp256k1.NewAccountKey();
}

/// <summary>Everything a hospital node needs to start: its folder, keys, chain and how to reach other hospitals.</summary>
public sealed record HospitalOptions(
    string Name,
    string DataDirectory,
    HospitalKeys Keys,
    ChainAccess Chain,
    EmrShareAddresses Addresses,
    IHospitalDirectory Directory)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where this hospital keeps its envelopes. Null (default): the embedded SQLite store in the data folder, owned
    /// by the node. Otherwise an external store (e.g. <see cref="Storage.Kubo.KuboBlobStore"/> on a Kubo node the
    /// hospitals share): the caller owns it, and erasure only shreds keys there — it never unpins or garbage-collects,
    /// because another hospital may pin the same CID (a received copy has the custodian's CID).
    /// </summary>
    public Storage.IBlobStore? Store { get; init; }

    /// <summary>
    /// fsync every commit of the EMR database and of the embedded blob store (SQLite synchronous=FULL), so an
    /// acknowledged record also survives an OS crash or power loss. Off by default: commits then survive a process
    /// crash (kill -9, tested) at a lower cost per write.
    /// </summary>
    public bool SyncEveryCommit { get; init; }

    /// <summary>Run the access-request watcher (fulfils requests for this hospital's records from chain events).</summary>
    public bool WatchAccessRequests { get; init; } = true;

    /// <summary>How often the watcher polls the chain when nobody nudges it (a grantee collecting nudges it at once).</summary>
    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long <see cref="HospitalService.RequestRecordAsync"/> waits for the custodian's answer before <see cref="FulfilmentTimeoutException"/>.</summary>
    public TimeSpan FulfilmentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a patient's last check-in here (a completed visit handshake) clinicians may read the patient's
    /// records without an assignment or break-glass (see <see cref="RecordReader"/>).
    /// </summary>
    public TimeSpan CareWindow { get; init; } = TimeSpan.FromHours(72);

    /// <summary>
    /// How long an emergency copy refused by the wrong-patient check is kept in quarantine (still encrypted, in no
    /// chart) so a clinician can file it with an override reason without a second request to the custodian
    /// (<see cref="HospitalService.FileQuarantinedEmergencyAsync"/>); then it is purged (audited). 24 h by default
    /// (<c>Hospital:EmergencyQuarantineHours</c> of <c>serve --config</c>, 0.1 to 168).
    /// </summary>
    public TimeSpan EmergencyQuarantineTime { get; init; } = DefaultEmergencyQuarantineTime;

    /// <summary>The default of <see cref="EmergencyQuarantineTime"/>: one day.</summary>
    public static TimeSpan DefaultEmergencyQuarantineTime => TimeSpan.FromHours(24);

    /// <summary>
    /// How this hospital, as custodian, answers another hospital's emergency (break-glass) request for one of its
    /// records (<see cref="HospitalService.HandleAccessRequestAsync"/>): serve it (default) when the requesting
    /// practitioner and hospital are active, or refuse every such request with a signed refusal.
    /// </summary>
    public BreakGlassPolicy BreakGlassPolicy { get; init; } = BreakGlassPolicy.Serve;

    /// <summary>
    /// Whether check-ins without the desk's challenge (handshake version 1: the server wallet's and the CLI's remote
    /// check-ins) are accepted. Off: only a phone that scanned this desk's code (version 2) checks in; a version-1
    /// message 1 is refused with <see cref="DeskChallengeRequiredException"/> before anything is spent. The product
    /// hosts (<c>serve --config</c>) default to off (<c>Hospital:RemoteCheckIns</c>); this in-process default is on for
    /// the embedded demo and test networks, whose patients check in remotely.
    /// </summary>
    public bool AcceptRemoteCheckIns { get; init; } = true;

    public Microsoft.Extensions.Logging.ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
