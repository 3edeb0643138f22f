using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// The Center's public relay for the phone wallet (PatientRelayApi) on the real AccessControl contract: what the
/// patient signed is submitted once, anything else is refused with a 4xx and costs no state change.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PatientRelayApiTests(WebNetwork web)
{
    [Fact]
    public async Task RelayGrantThenRevocation_SignedByPatient_OnChainOnce_ReplaysRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = web.Client(web.Center, null);
        using var identity = PatientIdentity.FromMasterSecret(web.Nodes.PatientMasterSecret);
        var (a, b) = (web.Nodes.A.Address, web.Nodes.B.Address);
        var signed = Eip712.Sign(Domain(), NewGrant(identity.PseudonymAt(a), b), identity.PseudonymKey(a));

        var relayed = await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/grants", NodeJson.ToUtf8(signed), ct), HttpStatusCode.OK, ct);
        var grantId = Hash32.Parse(relayed!.Value.GetProperty("grantId").GetString()!);
        Assert.Equal(signed.Digest, grantId);
        var grant = new GrantRef(b.ToString(), grantId.ToBytes32(), Bytes32.Zero);
        Assert.False((await web.Nodes.Center.Chain.AccessControl.GetGrantAsync(grant, ct)).Revoked);
        // A replayed grant is refused from the chain's state before it is sent (or counted: threat model W17-5).
        var again = await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/grants", NodeJson.ToUtf8(signed), ct), HttpStatusCode.Conflict, ct);
        Assert.Contains("AccessControlGrantExists", again!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var revocation = NodeJson.ToUtf8(new RelayRevocationRequest(b, grantId, Hash32.Zero,
            Eip712.Sign(Domain(), new Revoke(grantId), identity.PseudonymKey(a)).Signature));
        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/revocations", revocation, ct), HttpStatusCode.OK, ct);
        Assert.True((await web.Nodes.Center.Chain.AccessControl.GetGrantAsync(grant, ct)).Revoked);
        // A replayed revocation is refused from the chain's state before it is sent (or counted).
        var replay = await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/revocations", revocation, ct), HttpStatusCode.Conflict, ct);
        Assert.Contains("AccessControlGrantAlreadyRevoked", replay!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelayRevocation_SignedByAnotherKey_Refused422_GrantStaysLive()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = web.Client(web.Center, null);
        using var identity = PatientIdentity.FromMasterSecret(web.Nodes.PatientMasterSecret);
        var (a, b) = (web.Nodes.A.Address, web.Nodes.B.Address);
        var signed = Eip712.Sign(Domain(), NewGrant(identity.PseudonymAt(a), b), identity.PseudonymKey(a));
        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/grants", NodeJson.ToUtf8(signed), ct), HttpStatusCode.OK, ct);

        // The pseudonym key at B is the patient's too, but not the grant's signer.
        var wrong = NodeJson.ToUtf8(new RelayRevocationRequest(b, signed.Digest, Hash32.Zero,
            Eip712.Sign(Domain(), new Revoke(signed.Digest), identity.PseudonymKey(b)).Signature));
        var refused = await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/revocations", wrong, ct), HttpStatusCode.UnprocessableEntity, ct);
        Assert.Equal("SignatureInvalidException", refused!.Value.GetProperty("error").GetString());
        Assert.False((await web.Nodes.Center.Chain.AccessControl.GetGrantAsync(new GrantRef(b.ToString(), signed.Digest.ToBytes32(), Bytes32.Zero), ct)).Revoked);
    }

    [Fact]
    public async Task Relay_BadInput_4xxNever500()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = web.Client(web.Center, null);
        using var identity = PatientIdentity.FromMasterSecret(web.Nodes.PatientMasterSecret);
        var b = web.Nodes.B.Address;

        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/grants", Encoding.UTF8.GetBytes("{not json"), ct), HttpStatusCode.BadRequest, ct);
        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/grants", new byte[PatientRelayApi.MaxBodyBytes + 1], ct), HttpStatusCode.RequestEntityTooLarge, ct);
        var forged = Eip712.Sign(Domain(), NewGrant(identity.PseudonymAt(web.Nodes.A.Address), b), PrivateKeys.FromScalar(Secp256k1.NewAccountKey()));
        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/grants", NodeJson.ToUtf8(forged), ct), HttpStatusCode.UnprocessableEntity, ct);
        var unknown = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));
        var revocation = NodeJson.ToUtf8(new RelayRevocationRequest(b, unknown, Hash32.Zero, Eip712.Sign(Domain(), new Revoke(unknown), identity.PseudonymKey(b)).Signature));
        await ApiCalls.ExpectAsync(await PostAsync(http, "v1/relay/revocations", revocation, ct), HttpStatusCode.NotFound, ct);
    }

    [Fact]
    public async Task NetworkAndHospitals_Anonymous_ChainFactsAndNamedActiveHospitals()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = web.Client(web.Center, null);
        var network = await ApiCalls.ExpectAsync(await http.GetAsync("v1/network", ct), HttpStatusCode.OK, ct);
        Assert.Equal(31337, network!.Value.GetProperty("chainId").GetInt64());
        Assert.Equal(web.Nodes.Center.Addresses.AccessControl, network.Value.GetProperty("accessControl").GetString());
        Assert.Equal("/rpc", network.Value.GetProperty("rpc").GetString());

        // A hospital the Center registers is listed by its name while it is active, and no longer once deactivated.
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var keys = HospitalKeys.Generate(HexBytes.ToHex(Secp256k1.NewAccountKey()));
        var name = "Relay Test Hospital " + keys.Address.Lower[2..8];
        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/hospitals", new RegisterHospitalRequest(keys.Address.ToString(), HexBytes.ToHex(keys.EncryptionPublicKey), name), ct), HttpStatusCode.Created, ct);
        Assert.Equal(keys.Address.ToString(), await AddressListedAsAsync(http, name, ct));
        await ApiCalls.ExpectAsync(await admin.DeleteAsync($"api/hospitals/{keys.Address}", ct), HttpStatusCode.OK, ct);
        Assert.Null(await AddressListedAsAsync(http, name, ct));
    }

    private static async Task<string?> AddressListedAsAsync(HttpClient http, string name, CancellationToken ct)
    {
        var hospitals = await ApiCalls.ExpectAsync(await http.GetAsync("v1/hospitals", ct), HttpStatusCode.OK, ct);
        return hospitals!.Value.EnumerateArray().Where(h => h.GetProperty("name").GetString() == name).Select(h => h.GetProperty("address").GetString()).SingleOrDefault();
    }

    private Eip712Domain Domain() =>
        Eip712Domain.AccessControl((ulong)web.Nodes.Center.ChainAccessUsed.ChainId, ChainAddress.Parse(web.Nodes.Center.Addresses.AccessControl));

    private static Grant NewGrant(Pseudonym patient, ChainAddress grantee) =>
        new(patient, grantee, Hash32.Zero, GrantPurpose.Treatment, (ulong)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return await http.PostAsync(path, content, ct);
    }
}
