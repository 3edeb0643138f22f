using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>The explorer's address pages and decoded, labelled event arguments (issue 16 #14).</summary>
[Collection(WebCollection.Name)]
public sealed class ExplorerAddressTests(WebNetwork web)
{
    [Fact]
    public async Task Address_Hospital_RoleStatusAndItsRegistrationEventDecoded()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var a = web.Nodes.A.Address.Lower;

        var detail = await admin.GetFromJsonAsync<AddressDetail>($"api/chain/addresses/{a}", ApiCalls.Json, ct);

        Assert.Equal((AddressRoles.Hospital, (bool?)true), (detail!.Role, detail.Active));
        var registered = Assert.Single(detail.Events, e => e.Name == "HospitalRegistered");
        var hospital = Assert.Single(registered.Arguments, x => x.Name == "hospital");
        Assert.Equal((a, "address", ArgumentKinds.Hospital), (hospital.Value, hospital.Type, hospital.Kind));
        Assert.Contains(registered.Arguments, x => x.Name == "encryptionKey" && x.Value == "0x" + Convert.ToHexStringLower(web.Nodes.A.Keys.EncryptionPublicKey));
        var practitioner = Assert.Single(detail.Events, e => e.Name == "PractitionerRegistered" && e.Arguments.Any(x => x.Value == web.Nodes.A.Keys.PractitionerAddresses[0].Lower));
        Assert.Equal(ArgumentKinds.Practitioner, practitioner.Arguments.Single(x => x.Name == "practitioner").Kind);
        Assert.Contains(detail.Transactions, t => t.Hash == registered.TransactionHash || t.From == a);
    }

    [Fact]
    public async Task Address_PractitionerPseudonymContractCenter_EachGetsItsRole()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var events = await admin.GetFromJsonAsync<List<ChainEvent>>("api/chain/events?contract=registry&fromBlock=0&limit=1000", ApiCalls.Json, ct);
        var pseudonym = events!.First(e => e.Name == "PseudonymRegistered").Arguments.Single();
        Assert.Equal(ArgumentKinds.Pseudonym, pseudonym.Kind);

        var practitioner = await admin.GetFromJsonAsync<AddressDetail>($"api/chain/addresses/{web.Nodes.A.Keys.PractitionerAddresses[0]}", ApiCalls.Json, ct);
        Assert.Equal((AddressRoles.Practitioner, web.Nodes.A.Address.Lower), (practitioner!.Role, practitioner.Hospital));
        var patient = await admin.GetFromJsonAsync<AddressDetail>($"api/chain/addresses/{pseudonym.Value}", ApiCalls.Json, ct);
        Assert.Equal(AddressRoles.Pseudonym, patient!.Role);
        Assert.Contains(patient.Events, e => e.Name == "PseudonymRegistered");
        var registry = await admin.GetFromJsonAsync<AddressDetail>($"api/chain/addresses/{web.Nodes.Center.Addresses.Registry}", ApiCalls.Json, ct);
        Assert.Equal("contract (Registry)", registry!.Role);
        var center = await admin.GetFromJsonAsync<AddressDetail>($"api/chain/addresses/{web.Nodes.Center.Address}", ApiCalls.Json, ct);
        Assert.Equal(AddressRoles.Center, center!.Role);
        Assert.NotEmpty(center.Transactions);

        await ApiCalls.ExpectAsync(await admin.GetAsync("api/chain/addresses/0x1234", ct), HttpStatusCode.BadRequest, ct);
        await ApiCalls.ExpectAsync(await web.Client(web.Center, null).GetAsync($"api/chain/addresses/{web.Nodes.A.Address}", ct), HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task AddressPage_Hospital_ShowsLinkedLabelledArgumentsAndSealer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = new HttpClient { BaseAddress = web.Center.BaseAddress };
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", web.Tokens[Role.CenterAdmin]);
        var a = web.Nodes.A.Address.Lower;

        var page = await browser.GetStringAsync($"center/address/{a}", ct);

        Assert.Contains("data-testid=\"address-role\">hospital<", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/center/address/{web.Nodes.A.Keys.PractitionerAddresses[0].Lower}\"", page, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"practitioner\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/center/tx/0x", page, StringComparison.Ordinal);

        var feed = await browser.GetStringAsync("center", ct);
        Assert.Contains("data-testid=\"tx-feed\"", feed, StringComparison.Ordinal);
        var latest = (await browser.GetFromJsonAsync<ChainStatus>("api/chain/status", ApiCalls.Json, ct))!.LatestBlock;
        var block = await browser.GetStringAsync($"center/blocks/{latest}", ct);
        Assert.Contains($"href=\"/center/address/{web.Nodes.Center.Address.Lower}\" data-testid=\"block-sealer\"", block, StringComparison.Ordinal);
    }
}
