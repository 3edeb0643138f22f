using System.Net;
using System.Security.Cryptography;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Tests.Support;
using Nethereum.Signer;

namespace EmrShare.Web.Tests.Relay;

/// <summary>
/// Threat model W17-5 on the real Center host and contracts: relayed signatures are public in calldata, so a replay of
/// a patient's old message, or a grant from a key the Registry does not list, is refused from the chain's state before
/// the patient's quota is touched; the patient's real revocation still goes through.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PatientRelayReplayTests(WebNetwork web)
{
    [Fact]
    public async Task RelayRevocation_ReplayedPastThePatientsQuota_Each409_FreshRevocationStillRelayed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = OwnLoopbackClient.Create(web.Center.BaseAddress); // its own per-address window
        var patient = await RegisteredPseudonymAsync(ct);
        var old = await RelayGrantAsync(http, patient, ct);
        var oldRevocation = Revocation(old, patient);
        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/revocations", oldRevocation, ct), HttpStatusCode.OK, ct);

        // Anyone can copy the revocation from calldata and resend it: more often than the patient's quota allows.
        for (var i = 0; i < RelayQuotas.DefaultPerMinute + 2; i++)
        {
            var replay = await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/revocations", oldRevocation, ct), HttpStatusCode.Conflict, ct);
            Assert.Contains("already revoked", replay!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var fresh = await RelayGrantAsync(http, patient, ct);
        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/revocations", Revocation(fresh, patient), ct), HttpStatusCode.OK, ct);
        Assert.True((await web.Nodes.Center.Chain.AccessControl.GetGrantAsync(new GrantRef(web.Nodes.B.Address.ToString(), fresh.ToBytes32(), Bytes32.Zero), ct)).Revoked);
    }

    [Fact]
    public async Task RelayGrant_FromUnregisteredKeyPastTheQuota_Each403NeverCounted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = OwnLoopbackClient.Create(web.Center.BaseAddress); // its own per-address window
        var throwaway = PrivateKeys.FromScalar(Secp256k1.NewAccountKey());

        // Counted, the quota would answer 429 before this loop ends (and the contract 409 each one that got through).
        for (var i = 0; i < (2 * RelayQuotas.DefaultPerMinute) + 1; i++)
        {
            var refused = await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/grants", NodeJson.ToUtf8(Sign(NewGrant(throwaway), throwaway)), ct), HttpStatusCode.Forbidden, ct);
            Assert.Contains("not a registered patient pseudonym", refused!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>A fresh key the Center lists in the Registry as a patient pseudonym (as an enrolment round does).</summary>
    private async Task<EthECKey> RegisteredPseudonymAsync(CancellationToken ct)
    {
        var key = PrivateKeys.FromScalar(Secp256k1.NewAccountKey());
        await web.Nodes.Center.Chain.Registry.RegisterPseudonymsAsync([key.Address().ToString()], ct);
        return key;
    }

    private async Task<Hash32> RelayGrantAsync(HttpClient http, EthECKey patient, CancellationToken ct)
    {
        var signed = Sign(NewGrant(patient), patient);
        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/grants", NodeJson.ToUtf8(signed), ct), HttpStatusCode.OK, ct);
        return signed.Digest;
    }

    private byte[] Revocation(Hash32 grantId, EthECKey patient) =>
        NodeJson.ToUtf8(new RelayRevocationRequest(web.Nodes.B.Address, grantId, Hash32.Zero, Eip712.Sign(Domain(), new Revoke(grantId), patient).Signature));

    private Grant NewGrant(EthECKey patient) =>
        new(new Pseudonym(patient.Address()), web.Nodes.B.Address, Hash32.Zero, GrantPurpose.Treatment,
            (ulong)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));

    private SignedTypedData<Grant> Sign(Grant grant, EthECKey key) => Eip712.Sign(Domain(), grant, key);

    private Eip712Domain Domain() =>
        Eip712Domain.AccessControl((ulong)web.Nodes.Center.ChainAccessUsed.ChainId, ChainAddress.Parse(web.Nodes.Center.Addresses.AccessControl));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return await http.PostAsync(path, content, ct);
    }
}
