using EmrShare.Core;
using EmrShare.Core.Handshake;
using EmrShare.Storage;

namespace EmrShare.Nodes.Transport;

/// <summary>
/// The messages a hospital answers (docs/nodes-plan.md): handshake and sealed visit messages for patients,
/// collection of fulfilments by other hospitals. Every argument and result is a JSON DTO, so an HTTP implementation is a
/// thin mapping of these five calls onto POST routes.
/// </summary>
public interface IHospitalEndpoint
{
    Task<HandshakeResponse> BeginVisitAsync(HandshakeInit init, CancellationToken cancellationToken);

    /// <summary>Completes the handshake; returns a sealed <see cref="VisitWelcome"/>.</summary>
    Task<SealedMessage> FinishVisitAsync(FinishVisitRequest request, CancellationToken cancellationToken);

    /// <summary>Sealed <see cref="DeliveryPull"/> in, sealed <see cref="DeliveryBatch"/> out.</summary>
    Task<SealedMessage> PullDeliveriesAsync(SealedMessage request, CancellationToken cancellationToken);

    /// <summary>Sealed <see cref="GrantOffer"/> in, sealed <see cref="GrantAccepted"/> out.</summary>
    Task<SealedMessage> SubmitGrantAsync(SealedMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// The grantee collects the outcome of its on-chain request (fulfilled, refused or still pending), which the
    /// custodian's chain watcher produced; the signed AccessRequest proves the caller is the grantee.
    /// </summary>
    Task<FulfilmentDelivery> CollectFulfilmentAsync(CollectRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Sealed empty request in, sealed <see cref="VisitWelcome"/> out: whether the desk confirmed this session's
    /// check-in (desk check-ins only). Endpoints that only relay hospital-to-hospital calls do not carry it.
    /// </summary>
    Task<SealedMessage> DeskCheckInStatusAsync(SealedMessage request, CancellationToken cancellationToken) =>
        throw new NodeException("this endpoint does not carry desk check-ins");
}

/// <summary>How to reach a hospital: its message endpoint and its (read-only, content-addressed) blob store.</summary>
public sealed record HospitalContact(ChainAddress Address, IHospitalEndpoint Endpoint, IBlobStore Store);

/// <summary>Finds a hospital's contact by its chain address (a static table today, a registry lookup later).</summary>
public interface IHospitalDirectory
{
    HospitalContact Resolve(ChainAddress hospital);

    /// <summary>
    /// Throws <see cref="UnknownEntityException"/> when <paramref name="hospital"/> cannot be reached through this
    /// directory, before anything is paid for on chain. A directory whose <see cref="Resolve"/> is lazy (the Center's)
    /// looks the address up here.
    /// </summary>
    ValueTask EnsureKnownAsync(ChainAddress hospital, CancellationToken cancellationToken)
    {
        _ = Resolve(hospital);
        return ValueTask.CompletedTask;
    }

    /// <summary>Display names of hospitals and practitioners this directory publishes (the Center's signed directory); none by default.</summary>
    Task<IReadOnlyDictionary<ChainAddress, string>> DisplayNamesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<ChainAddress, string>>(new Dictionary<ChainAddress, string>());
}

/// <summary>An in-memory directory filled as hospitals come up.</summary>
public sealed class HospitalDirectory : IHospitalDirectory
{
    private readonly Dictionary<ChainAddress, HospitalContact> _contacts = [];
    private readonly Lock _gate = new();

    public void Add(HospitalContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        lock (_gate)
        {
            _contacts[contact.Address] = contact;
        }
    }

    public HospitalContact Resolve(ChainAddress hospital)
    {
        lock (_gate)
        {
            return _contacts.TryGetValue(hospital, out var contact)
                ? contact
                : throw new UnknownEntityException($"no contact known for hospital {hospital}");
        }
    }
}
