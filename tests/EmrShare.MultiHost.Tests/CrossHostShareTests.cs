using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.MultiHost.Tests.Harness;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.MultiHost.Tests;

/// <summary>
/// Issue 14 Tests, the sharing story across processes: a record created at A is collected by the patient's wallet
/// from A over HTTPS and granted to B; B's first admin (made with <c>hospital admin create</c>) creates a clinician
/// account through B's staff API, and that clinician requests the record through B's REST API. B finds A only through
/// the Center's signed directory (no peers file), reaches A over TLS checked against the consortium CA and A's
/// published key pin, and reads A's ciphertext with signed store reads. After the patient revokes, B is refused.
/// The patient's self-hosted wallet (<c>wallet serve</c>, also directory-only) reads the record from A's store.
/// Each process is restarted once mid-story (the Center after the collection, the wallet before its read, A after the
/// grant, B after its accounts are made) and the story goes on: chain, directory, records, accounts and sessions persist.
/// </summary>
[Collection(ConsortiumCollection.Name)]
public sealed class CrossHostShareTests(ConsortiumFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Share_RecordAtA_GrantedToB_BReadsThroughDirectory_ThenRevokedAndRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var recordId = await fixture.CreateRecordAtAAsync(7.1m, ct);

        var collected = (await fixture.PatientAsync("visit", "--hospital", fixture.HospitalA.BaseUrl.ToString(), "--address", fixture.AddressA, "--collect")).EnsureOk();
        Assert.Contains(collected.Fields("collected"), c => c == $"{recordId} v1");
        Assert.StartsWith("index-anchor 0x", collected.Field("tx"), StringComparison.Ordinal);
        var index = (await fixture.PatientAsync("index")).EnsureOk();
        Assert.Contains(index.Fields("entry"), e => e.StartsWith(recordId, StringComparison.Ordinal));
        await fixture.Center.RestartAsync(ct);

        // The wallet host picks up what the one-shot commands collected when it starts again, then reads the record
        // from A's store through the Center's directory, signing with the patient's pseudonym key at A.
        await fixture.Wallet.RestartAsync(ct);
        using (var wallet = await SignedInAsync(fixture.Wallet.BaseUrl, "patient", (await File.ReadAllLinesAsync(fixture.Net.PassphraseFile, ct))[0], ct))
        {
            using var read = await wallet.GetAsync($"api/index/{recordId}", ct);
            var body = await read.Content.ReadAsStringAsync(ct);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"{read.StatusCode}: {body}\n--- wallet ---\n{fixture.Wallet.Output}");
            Assert.Contains(SampleRecords.LoincCode, body, StringComparison.Ordinal);
        }

        var grant = (await fixture.PatientAsync("grant", "--at", fixture.HospitalB.BaseUrl.ToString(), "--grantee", fixture.AddressB,
            "--custodian", fixture.AddressA, "--records", recordId, "--expires", "7d")).EnsureOk();
        Assert.Equal(fixture.AddressB, grant.Field("grantee"));
        Assert.StartsWith("grant 0x", grant.Field("tx"), StringComparison.Ordinal);
        var grantId = grant.Field("grant");
        await fixture.HospitalA.RestartAsync(ct);

        using var clinician = await ClinicianAtBAsync(ct);
        await fixture.HospitalB.RestartAsync(ct);
        using (var shared = await clinician.PostAsJsonAsync("api/access-requests", new { grantId, recordId }, Json, ct))
        {
            var body = await shared.Content.ReadAsStringAsync(ct);
            Assert.True(shared.StatusCode == HttpStatusCode.OK, $"{shared.StatusCode}: {body}\n--- B ---\n{fixture.HospitalB.Output}\n--- A ---\n{fixture.HospitalA.Output}");
            Assert.Contains(SampleRecords.LoincCode, body, StringComparison.Ordinal);
        }

        var revocation = fixture.Net.PathOf($"revocation-{Guid.NewGuid():N}.json");
        (await fixture.PatientAsync("revoke", "--grant", grantId, "--out", revocation)).EnsureOk();
        (await fixture.CenterAsync("relay-revoke", "--file", revocation)).EnsureOk();
        using var refused = await clinician.PostAsJsonAsync("api/access-requests", new { grantId, recordId }, Json, ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("AccessDeniedException", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    /// <summary>B's first admin from the CLI, then a clinician on B's registered practitioner key through B's staff API; returns the clinician's API client.</summary>
    private async Task<HttpClient> ClinicianAtBAsync(CancellationToken ct)
    {
        var passwordFile = fixture.Net.PathOf("b-admin-password.txt");
        const string adminPassword = "quiet lantern over the orchard";
        await File.WriteAllTextAsync(passwordFile, adminPassword + "\n", ct);
        (await fixture.Net.RunAsync(["hospital", "admin", "create", "--user", "it-admin-b", "--config", fixture.Net.PathOf("hospital-B.json"), "--password-file", passwordFile], ct)).EnsureOk();

        using var admin = await SignedInAsync(fixture.HospitalB.BaseUrl, "it-admin-b", adminPassword, ct);
        var audit = await admin.GetFromJsonAsync<List<JsonElement>>("api/staff/audit", Json, ct);
        Assert.Contains(audit!, line => line.GetProperty("actor").GetString() == "cli" && line.GetProperty("action").GetString() == "create"
            && line.GetProperty("account").GetString() == "it-admin-b");
        var keys = await admin.GetFromJsonAsync<List<JsonElement>>("api/staff/practitioner-keys", Json, ct);
        var registered = keys!.First(k => k.GetProperty("registeredHere").GetBoolean()).GetProperty("index").GetInt32();
        const string clinicianPassword = "saffron kettle under nine bridges";
        using var created = await admin.PostAsJsonAsync("api/staff", new { username = "dr-b", role = "clinician", practitionerIndex = registered, password = clinicianPassword }, Json, ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        return await SignedInAsync(fixture.HospitalB.BaseUrl, "dr-b", clinicianPassword, ct);
    }

    private async Task<HttpClient> SignedInAsync(Uri actor, string username, string password, CancellationToken ct)
    {
        var client = fixture.Net.ApiClient(actor, TimeSpan.FromSeconds(120));
        using var token = await client.PostAsJsonAsync("api/session/token", new { username, password }, Json, ct);
        Assert.True(token.IsSuccessStatusCode, $"{token.StatusCode}: {await token.Content.ReadAsStringAsync(ct)}");
        var issued = await token.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.GetProperty("accessToken").GetString());
        return client;
    }
}
