using System.Net;
using System.Net.Http.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Api.Patient;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>The Center API: registrations on the real Registry contract and the chain explorer.</summary>
[Collection(WebCollection.Name)]
public sealed class CenterApiTests(WebNetwork web)
{
    private static string NewAddress() => PrivateKeys.FromScalar(Secp256k1.NewAccountKey()).Address().ToString();

    [Fact]
    public async Task RegisterHospital_NewThenDuplicate_Returns201Then409()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var keys = HospitalKeys.Generate(HexBytes.ToHex(Secp256k1.NewAccountKey()));
        var body = new RegisterHospitalRequest(keys.Address.ToString(), HexBytes.ToHex(keys.EncryptionPublicKey), "Hospital D");

        using var created = await admin.PostAsJsonAsync("api/hospitals", body, ct);
        await ApiCalls.ExpectAsync(created, HttpStatusCode.Created, ct);
        var tx = await created.Content.ReadFromJsonAsync<TransactionResult>(ApiCalls.Json, ct);
        Assert.StartsWith("0x", tx!.TransactionHash, StringComparison.Ordinal);
        var info = await admin.GetFromJsonAsync<HospitalRegistration>($"api/hospitals/{keys.Address}", ApiCalls.Json, ct);
        Assert.True(info!.Active);
        Assert.Equal(HexBytes.ToHex(keys.EncryptionPublicKey), info.EncryptionKey);

        var conflict = await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/hospitals", body, ct), HttpStatusCode.Conflict, ct);
        Assert.False(string.IsNullOrEmpty(conflict!.Value.GetProperty("revert").GetString()));

        // Practitioner under it, then deactivate both.
        var practitioner = NewAddress();
        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/practitioners", new RegisterPractitionerRequest(practitioner, keys.Address.ToString()), ct), HttpStatusCode.Created, ct);
        var registered = await admin.GetFromJsonAsync<PractitionerRegistration>($"api/practitioners/{practitioner}", ApiCalls.Json, ct);
        Assert.True(registered!.Active);
        await ApiCalls.ExpectAsync(await admin.DeleteAsync($"api/practitioners/{practitioner}", ct), HttpStatusCode.OK, ct);
        Assert.False((await admin.GetFromJsonAsync<PractitionerRegistration>($"api/practitioners/{practitioner}", ApiCalls.Json, ct))!.Active);
        await ApiCalls.ExpectAsync(await admin.DeleteAsync($"api/hospitals/{keys.Address}", ct), HttpStatusCode.OK, ct);
        Assert.False((await admin.GetFromJsonAsync<HospitalRegistration>($"api/hospitals/{keys.Address}", ApiCalls.Json, ct))!.Active);
    }

    [Fact]
    public async Task RegisterHospital_MalformedFields_Returns400WithEveryFieldError()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var problem = await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/hospitals", new RegisterHospitalRequest("0x1234", "0xzz", ""), ct), HttpStatusCode.BadRequest, ct);
        var errors = problem!.Value.GetProperty("errors");
        Assert.True(errors.TryGetProperty("address", out _));
        Assert.True(errors.TryGetProperty("encryptionKey", out _));
        Assert.True(errors.TryGetProperty("name", out _));
        await ApiCalls.ExpectAsync(await admin.GetAsync($"api/hospitals/{NewAddress()}", ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await admin.GetAsync($"api/practitioners/{NewAddress()}", ct), HttpStatusCode.NotFound, ct);
    }

    [Fact]
    public async Task RegisterPatient_FreshThenQueuedThenFromWalletAlreadyRegistered_Returns202Then409()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var pendingBefore = (await web.Enrolment.GetStatusAsync(ct)).Pending;
        var blockBefore = (await admin.GetFromJsonAsync<ChainStatus>("api/chain/status", ApiCalls.Json, ct))!.LatestBlock;
        // As a wallet makes it: with proofs of possession for this Center's chain and Registry (issue 15 #11).
        using var identity = Core.Identity.PatientIdentity.Create();
        var proven = Nodes.Deployment.PatientRegistrationRequest.Prove(identity, [ChainAddress.Parse(NewAddress()), ChainAddress.Parse(NewAddress())],
            Hash32.FromBytes(Secp256k1.NewAccountKey()), (ulong)web.Nodes.Center.ChainAccessUsed.ChainId, ChainAddress.Parse(web.Nodes.Center.Addresses.Registry), TimeProvider.System);
        var fresh = new RegisterPatientRequest(proven.IdentityCommitment.ToString(), [.. proven.Pseudonyms.Select(p => p.ToString())], proven.IndexAccount.ToString(), proven.Proofs);
        using var accepted = await admin.PostAsJsonAsync("api/patients", fresh, ct);
        await ApiCalls.ExpectAsync(accepted, HttpStatusCode.Accepted, ct);
        var ticket = await accepted.Content.ReadFromJsonAsync<EnrolmentTicketView>(ApiCalls.Json, ct);
        Assert.Equal((true, pendingBefore + 1, 16), (ticket!.Queued, ticket.Pending, ticket.RoundSize));
        Assert.Null(ticket.Round);
        Assert.Equal(blockBefore, (await admin.GetFromJsonAsync<ChainStatus>("api/chain/status", ApiCalls.Json, ct))!.LatestBlock);

        var queued = await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/patients", fresh, ct), HttpStatusCode.Conflict, ct);
        Assert.Equal("AlreadyQueued", queued!.Value.GetProperty("reason").GetString());

        // The wallet's own request names pseudonyms the network registered already: the queue refuses it up front.
        var hospitals = $"{web.Nodes.A.Address},{web.Nodes.B.Address}";
        var request = await web.Client(web.Patient, Role.Patient).GetFromJsonAsync<RegistrationRequestView>($"api/registration-request?hospitals={hospitals}", ApiCalls.Json, ct);
        Assert.Equal(2, request!.Pseudonyms.Count);
        Assert.Equal(web.Nodes.Patient.IndexAccount.ToString(), request.IndexAccount);
        var again = new RegisterPatientRequest(request.IdentityCommitment, request.Pseudonyms, request.IndexAccount, request.Proofs);
        var registered = await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/patients", again, ct), HttpStatusCode.Conflict, ct);
        Assert.Equal("AlreadyRegistered", registered!.Value.GetProperty("reason").GetString());
        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/patients", fresh with { Pseudonyms = [] }, ct), HttpStatusCode.BadRequest, ct);
        Assert.Equal(pendingBefore + 1, (await web.Enrolment.GetStatusAsync(ct)).Pending);
    }

    [Theory]
    [InlineData(Role.Clinician, "GET", "api/enrolment")]
    [InlineData(Role.HospitalAdmin, "POST", "api/enrolment/rounds?belowRoundSize=true")]
    [InlineData(Role.Clinician, "POST", "api/patients")]
    [InlineData(null, "POST", "api/enrolment/rounds?belowRoundSize=true")]
    public async Task EnrolmentRoutes_HospitalTokenOrAnonymous_Refused401(Role? role, string method, string route)
    {
        var ct = TestContext.Current.CancellationToken;
        var pendingBefore = (await web.Enrolment.GetStatusAsync(ct)).Pending;
        using var body = JsonContent.Create(new RegisterPatientRequest(HexBytes.ToHex(Secp256k1.NewAccountKey()), [NewAddress()], NewAddress()));
        using var message = new HttpRequestMessage(new HttpMethod(method), route) { Content = method == "POST" ? body : null };
        using var response = await web.Client(web.Center, role).SendAsync(message, ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Unauthorized, ct);
        Assert.Equal(pendingBefore, (await web.Enrolment.GetStatusAsync(ct)).Pending);
    }

    [Fact]
    public async Task ChainExplorer_StatusBlocksTransactionEvents_DecodeEmrShareEvents()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var status = await admin.GetFromJsonAsync<ChainStatus>("api/chain/status", ApiCalls.Json, ct);
        Assert.Equal(31337, status!.ChainId);
        Assert.True(status.LatestBlock > 0);
        Assert.Equal(web.Nodes.Center.Addresses.Registry, status.Deployment.Registry);

        var blocks = await admin.GetFromJsonAsync<List<BlockSummary>>("api/chain/blocks?count=5", ApiCalls.Json, ct);
        Assert.Equal(5, blocks!.Count);
        Assert.True(blocks[0].Number > blocks[4].Number);

        var events = await admin.GetFromJsonAsync<List<ChainEvent>>("api/chain/events?contract=registry&fromBlock=0&limit=1000", ApiCalls.Json, ct);
        var registered = events!.First(e => e.Name == "HospitalRegistered");
        Assert.Equal("Registry", registered.Contract);

        var tx = await admin.GetFromJsonAsync<TransactionDetail>($"api/chain/transactions/{registered.TransactionHash}", ApiCalls.Json, ct);
        Assert.True(tx!.Succeeded);
        Assert.Equal("Registry", tx.Contract);
        Assert.True(tx.GasUsed > 21_000);
        Assert.Contains(tx.Events, e => e.Name == "HospitalRegistered");
        var block = await admin.GetFromJsonAsync<BlockDetail>($"api/chain/blocks/{registered.BlockNumber}", ApiCalls.Json, ct);
        Assert.Contains(block!.Transactions, t => t.Hash == registered.TransactionHash);

        await ApiCalls.ExpectAsync(await admin.GetAsync("api/chain/transactions/0x" + new string('1', 64), ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await admin.GetAsync("api/chain/transactions/0x1234", ct), HttpStatusCode.BadRequest, ct);
        await ApiCalls.ExpectAsync(await admin.GetAsync("api/chain/blocks/999999999", ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await admin.GetAsync("api/chain/blocks?count=0", ct), HttpStatusCode.BadRequest, ct);
        await ApiCalls.ExpectAsync(await admin.GetAsync("api/chain/events?contract=nope", ct), HttpStatusCode.BadRequest, ct);
    }
}
