using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests.Relay;

/// <summary>
/// Review S5 on the real Center host and contracts: the relay's per-patient quota (429 with Retry-After, whatever the
/// client address), and the cached hospital list, which a registration or deactivation by the Center refreshes at once
/// and which lists a registered hospital whose name the Center never loaded.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PatientRelayQuotaTests(WebNetwork web)
{
    [Fact]
    public async Task RelayGrants_OnePatientPastItsMinuteQuota_429WithRetryAfter_AnotherPatientStillRelayed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = OwnLoopbackClient.Create(web.Center.BaseAddress); // its own per-address window
        var patient = await RegisteredPseudonymAsync(ct);
        HttpResponseMessage? refused = null;
        var accepted = 0;

        // Fixed UTC-minute windows: within 2 × quota + 1 requests (well under a minute) one must be refused, whatever
        // minute boundary falls in between (each accepted one is a real grant on chain: only those count).
        for (var i = 0; i < (2 * RelayQuotas.DefaultPerMinute) + 1 && refused is null; i++)
        {
            var response = await PostGrantAsync(http, patient, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.True((int)response.StatusCode is >= 200 and < 500, $"relay answered {(int)response.StatusCode}");
                accepted++;
            }
        }

        Assert.NotNull(refused);
        Assert.True(accepted >= RelayQuotas.DefaultPerMinute, $"only {accepted} relays before the quota refused");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(ct));
        Assert.Contains("this patient", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var other = await PostGrantAsync(http, await RegisteredPseudonymAsync(ct), ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Hospitals_RegisteredOnChainWithoutName_ListedUnnamedAtOnce_GoneAtOnceWhenDeactivated()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = OwnLoopbackClient.Create(web.Center.BaseAddress); // its own per-address window
        var keys = HospitalKeys.Generate(HexBytes.ToHex(Secp256k1.NewAccountKey()));
        Assert.DoesNotContain(await ListAsync(http, ct), h => h.Address == keys.Address.ToString());

        // Straight through the Center's service (as `center register-hospital` does): no display name reaches the web app.
        await web.Nodes.Center.RegisterHospitalAsync(keys.Address, keys.EncryptionPublicKey, "Never Named " + keys.Address.Lower[2..8], ct);
        var listed = Assert.Single(await ListAsync(http, ct), h => h.Address == keys.Address.ToString());
        Assert.Equal("Unnamed hospital " + keys.Address, listed.Name);

        await web.Nodes.Center.DeactivateHospitalAsync(keys.Address, ct);
        Assert.DoesNotContain(await ListAsync(http, ct), h => h.Address == keys.Address.ToString());
    }

    private async Task<Nethereum.Signer.EthECKey> RegisteredPseudonymAsync(CancellationToken ct)
    {
        var key = PrivateKeys.FromScalar(Secp256k1.NewAccountKey());
        await web.Nodes.Center.Chain.Registry.RegisterPseudonymsAsync([key.Address().ToString()], ct);
        return key;
    }

    private static async Task<IReadOnlyList<WalletHospital>> ListAsync(HttpClient http, CancellationToken ct) =>
        await http.GetFromJsonAsync<List<WalletHospital>>("v1/hospitals", ct) ?? [];

    private async Task<HttpResponseMessage> PostGrantAsync(HttpClient http, Nethereum.Signer.EthECKey patient, CancellationToken ct)
    {
        var domain = Eip712Domain.AccessControl((ulong)web.Nodes.Center.ChainAccessUsed.ChainId, ChainAddress.Parse(web.Nodes.Center.Addresses.AccessControl));
        var grant = new Grant(new Pseudonym(patient.Address()), web.Nodes.B.Address, Hash32.Zero, GrantPurpose.Treatment,
            (ulong)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));
        using var content = new ByteArrayContent(NodeJson.ToUtf8(Eip712.Sign(domain, grant, patient)));
        content.Headers.ContentType = new("application/json");
        return await http.PostAsync("v1/relay/grants", content, ct);
    }
}
