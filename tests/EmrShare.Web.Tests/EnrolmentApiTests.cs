using System.Net;
using System.Net.Http.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// The enrolment queue through a Center app of its own (k = 2, so rounds are cheap and counts are not shared with
/// other tests): 202 while queued, the k-th request's answer carries the round, an early round is 409 unless forced,
/// a forced one reports its anonymity set, an empty queue is 409.
/// </summary>
public sealed class EnrolmentApiTests(EmbeddedLedgerFixture chain) : IClassFixture<EmbeddedLedgerFixture>
{
    private const string Password = "center enrolment pass";

    [Fact]
    public async Task Enrolment_QueueToKThenForcedBelowK_202RoundThen409ThenForcedRound()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("emrshare-web-enrol-").FullName;
        var center = await CenterService.DeployAsync(chain.Access, EmbeddedLedgerFixture.Keys[0], ct);
        var accounts = await AccountStore.OpenAsync(Path.Combine(folder, "web-accounts.db"), ct);
        await accounts.SaveAsync("admin", Password, Roles.CenterAdmin, null, ct);
        using var enrolment = await EnrolmentQueue.OpenAsync(folder, center, new EnrolmentPolicy(2, 0.1m), TimeProvider.System, ct);
        await using var web = await EmrShareWebApp.StartAsync(new CenterActor(center, accounts, enrolment), new WebAppOptions(), ct);
        using var admin = await SignedInAsync(web, ct);

        var empty = await ApiCalls.ExpectAsync(await admin.PostAsync("api/enrolment/rounds?belowRoundSize=true", null, ct), HttpStatusCode.Conflict, ct);
        Assert.Equal("QueueEmpty", empty!.Value.GetProperty("reason").GetString());

        using var first = await admin.PostAsJsonAsync("api/patients", NewRequest(center), ct);
        await ApiCalls.ExpectAsync(first, HttpStatusCode.Accepted, ct);
        Assert.Equal("/api/enrolment", first.Headers.Location?.ToString());
        Assert.Null((await first.Content.ReadFromJsonAsync<EnrolmentTicketView>(ApiCalls.Json, ct))!.Round);

        using var second = await admin.PostAsJsonAsync("api/patients", NewRequest(center), ct);
        await ApiCalls.ExpectAsync(second, HttpStatusCode.Accepted, ct);
        var completed = await second.Content.ReadFromJsonAsync<EnrolmentTicketView>(ApiCalls.Json, ct);
        Assert.Equal(0, completed!.Pending);
        Assert.Equal((2, false), (completed.Round!.Patients, completed.Round.BelowRoundSize));
        Assert.Equal(["register-patient", "register-patient", "register-pseudonyms", "fund-index-account", "fund-index-account"],
            completed.Round.Transactions.Select(t => t.Step));

        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/patients", NewRequest(center), ct), HttpStatusCode.Accepted, ct);
        var unforced = await ApiCalls.ExpectAsync(await admin.PostAsync("api/enrolment/rounds", null, ct), HttpStatusCode.Conflict, ct);
        Assert.Equal("BelowRoundSize", unforced!.Value.GetProperty("reason").GetString());
        Assert.Contains("1 of 2", unforced.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await admin.GetFromJsonAsync<EnrolmentStatusView>("api/enrolment", ApiCalls.Json, ct))!.Pending);

        using var forced = await admin.PostAsync("api/enrolment/rounds?belowRoundSize=true", null, ct);
        await ApiCalls.ExpectAsync(forced, HttpStatusCode.OK, ct);
        var round = await forced.Content.ReadFromJsonAsync<EnrolmentRoundView>(ApiCalls.Json, ct);
        Assert.Equal((1, 2, true), (round!.Patients, round.RoundSize, round.BelowRoundSize));

        var status = await admin.GetFromJsonAsync<EnrolmentStatusView>("api/enrolment", ApiCalls.Json, ct);
        Assert.Equal((0, 2), (status!.Pending, status.RoundSize));
        Assert.Equal([true, false], status.Rounds.Select(r => r.BelowRoundSize));
        Assert.Equal(round.Transactions.Select(t => t.TransactionHash), status.Rounds[0].TransactionHashes);

        var unproven = await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/patients", NewRequest(center) with { Proofs = null }, ct), HttpStatusCode.BadRequest, ct);
        Assert.Equal("InvalidRequest", unproven!.Value.GetProperty("reason").GetString());
        var invalid = await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/patients", new RegisterPatientRequest("0x12", ["nope"], null), ct), HttpStatusCode.BadRequest, ct);
        Assert.True(invalid!.Value.TryGetProperty("errors", out _));
        var openApi = await admin.GetStringAsync("openapi/v1.json", ct);
        Assert.Contains("/api/enrolment/rounds", openApi, StringComparison.Ordinal);
    }

    /// <summary>A fresh patient's request as a wallet makes it: with proofs of possession for this Center's chain and Registry.</summary>
    private static RegisterPatientRequest NewRequest(CenterService center)
    {
        using var identity = Core.Identity.PatientIdentity.Create();
        var request = Nodes.Deployment.PatientRegistrationRequest.Prove(identity, [ChainAddress.Parse(NewAddress()), ChainAddress.Parse(NewAddress())],
            Hash32.FromBytes(Secp256k1.NewAccountKey()), (ulong)center.ChainAccessUsed.ChainId, ChainAddress.Parse(center.Addresses.Registry), TimeProvider.System);
        return new(request.IdentityCommitment.ToString(), [.. request.Pseudonyms.Select(p => p.ToString())], request.IndexAccount.ToString(), request.Proofs);
    }

    private static string NewAddress() => PrivateKeys.FromScalar(Secp256k1.NewAccountKey()).Address().ToString();

    private static async Task<HttpClient> SignedInAsync(EmrShareWebApp web, CancellationToken ct)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = web.BaseAddress };
        using var response = await client.PostAsJsonAsync("api/session/token", new Api.SignInRequest("admin", Password), ct);
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        return client;
    }
}
