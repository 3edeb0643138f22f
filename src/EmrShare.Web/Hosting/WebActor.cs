using EmrShare.Core.Keys;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Auth;

namespace EmrShare.Web.Hosting;

/// <summary>
/// The one actor a web app serves. Each actor gets its own app (own port, cookie and data-protection keys), so a
/// hospital's API can never reach another actor's data: there is nothing else in its container.
/// </summary>
public abstract record WebActor(string DisplayName)
{
    /// <summary>Short kind used in routes, cookie names and page titles: center, hospital, patient.</summary>
    public abstract string Kind { get; }

    /// <summary>Names of hospitals and practitioners this app shows instead of their addresses.</summary>
    public DisplayNames Names { get; init; } = new();
}

/// <summary>
/// The Blockchain Center's dashboard (Main): registrations and the chain explorer; staff sign in from
/// <paramref name="Accounts"/>. Patients go through <paramref name="Enrolment"/> (its policy sets k, the round size),
/// which the creator opens in the Center's folder and disposes.
/// </summary>
public sealed record CenterActor(CenterService Center, AccountStore Accounts, EnrolmentQueue Enrolment) : WebActor("Blockchain Center")
{
    /// <summary>The JSON-RPC path of the embedded ledger when this Center seals it (<see cref="LedgerRpc"/>).</summary>
    public const string LedgerRpcPath = "/rpc";

    public override string Kind => "center";

    /// <summary>The embedded ledger's JSON-RPC, served at <see cref="LedgerRpcPath"/> (null: the chain is external).</summary>
    public Ledger.Rpc.IRpcHandler? LedgerRpc { get; init; }

    /// <summary>The limits <see cref="LedgerRpc"/> is served with (request size, per-client rate, CORS).</summary>
    public Ledger.Rpc.RpcServerLimits LedgerRpcLimits { get; init; } = Ledger.Rpc.RpcServerLimits.Served();

    /// <summary>The signed peer directory served under <c>/v1/directory</c> (null: not served by this app).</summary>
    public PeerDirectory? Directory { get; init; }
}

/// <summary>A hospital's dashboard and REST API for its EMR: patients, records, sharing, audit; staff sign in from <paramref name="Accounts"/>.</summary>
public sealed record HospitalActor(HospitalService Hospital, AccountStore Accounts)
    : WebActor("Hospital " + Hospital.Name)
{
    public override string Kind => "hospital";

    /// <summary>This hospital's flat-file export mapping; when set, the import route accepts <c>format=csv</c>.</summary>
    public Fhir.Csv.CsvMapping? CsvMapping { get; init; }

    /// <summary>This hospital's entry in the Center's directory (readiness check <c>directory</c>); null when it publishes nowhere.</summary>
    public Nodes.Discovery.DirectoryPublicationStatus? DirectoryStatus { get; init; }
}

/// <summary>
/// The patient's wallet page. Signing in means proving the keystore passphrase (<paramref name="KeyName"/> in
/// <paramref name="KeyStore"/>); hospitals are reached through <paramref name="Directory"/> and revocations are
/// relayed by <paramref name="RevocationRelay"/>.
/// </summary>
public sealed record PatientActor(
    PatientWallet Wallet,
    IKeyStore KeyStore,
    string KeyName,
    IHospitalDirectory Directory,
    IRevocationRelay RevocationRelay) : WebActor("Patient wallet")
{
    public override string Kind => "patient";
}
