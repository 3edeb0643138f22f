using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Transport;
using Nethereum.Signer;

namespace EmrShare.Adversarial.Tests.Support;

/// <summary>
/// A visit opened by hand with Core's handshake, so a malicious patient can put any signed grant it likes into
/// the sealed session (the honest wallet only ever builds correct ones).
/// </summary>
internal sealed class RogueVisit : IDisposable
{
    private RogueVisit(IHospitalEndpoint endpoint, SecureSession session, string localPatientId)
    {
        Endpoint = endpoint;
        Session = session;
        LocalPatientId = localPatientId;
    }

    public IHospitalEndpoint Endpoint { get; }

    public SecureSession Session { get; }

    public string LocalPatientId { get; }

    public static async Task<RogueVisit> OpenAsync(IHospitalEndpoint endpoint, EthECKey pseudonymKey, ChainAddress hospital, ulong chainId, CancellationToken ct)
    {
        var initiator = HandshakeInitiator.Start(pseudonymKey, hospital, chainId, TimeProvider.System);
        var response = await endpoint.BeginVisitAsync(initiator.Init, ct);
        var (finish, session) = initiator.Complete(response);
        var hello = session.Seal(NodeJson.ToUtf8(new PatientHello(HexBytes.ToHex(pseudonymKey.PublicKeyCompressed()))));
        var welcome = NodeJson.FromUtf8<VisitWelcome>(session.Open(await endpoint.FinishVisitAsync(new FinishVisitRequest(finish, hello), ct)));
        return new RogueVisit(endpoint, session, welcome.LocalPatientId);
    }

    /// <summary>A grant over <paramref name="records"/> (empty = all) signed by <paramref name="signer"/> under <paramref name="domain"/>.</summary>
    public static SignedTypedData<Grant> SignGrant(Eip712Domain domain, EthECKey signer, Pseudonym patient, ChainAddress grantee, IReadOnlyList<RecordId> records, DateTimeOffset expiry) =>
        Eip712.Sign(domain, new Grant(patient, grantee, Core.Merkle.GrantScope.Of(records), GrantPurpose.Treatment,
            (ulong)expiry.ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32))), signer);

    /// <summary>Hands the hospital a grant over this session, exactly as the wallet would.</summary>
    public async Task<GrantAccepted> SubmitAsync(SignedTypedData<Grant> grant, ChainAddress custodian, IReadOnlyList<RecordId> records, CancellationToken ct)
    {
        var reply = await Endpoint.SubmitGrantAsync(Session.Seal(NodeJson.ToUtf8(new GrantOffer(grant, custodian, records))), ct);
        return NodeJson.FromUtf8<GrantAccepted>(Session.Open(reply));
    }

    public void Dispose() => Session.Dispose();
}
