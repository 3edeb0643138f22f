using EmrShare.Nodes.StoreAccess;
using EmrShare.Storage.Api.Access;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>Admits peers to this hospital's read-only store surface: registered hospitals and patient pseudonyms (Registry-checked signatures).</summary>
    public IPeerAuthorizer StorePeerAuthorizer() => new RegistryPeerAuthorizer(Chain.Registry);
}
