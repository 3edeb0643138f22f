using System.Net;
using System.Net.Http.Json;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Discovery;
using EmrShare.Nodes.Tests.Discovery;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Tests;

/// <summary>
/// Names across separately hosted nodes (issue 16 #11): the Center publishes display names in its signed directory, a
/// hospital that resolves peers through that directory shows the other hospital by name, and names cannot be forged.
/// </summary>
public sealed class DirectoryNamesTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task Rename_CenterAdmin_HospitalResolvingThroughDirectoryShowsName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var network = await DirectoryNetwork.StartAsync(ledger, ct);
        var net = network.Net;
        var accounts = await AccountStore.OpenAsync(Path.Combine(net.Root, "center-web", "web-accounts.db"), ct);
        await accounts.SaveAsync("admin", "center admin pass", Roles.CenterAdmin, null, ct);
        using var enrolment = await EnrolmentQueue.OpenAsync(Path.Combine(net.Root, "center-web"), net.Center, new EnrolmentPolicy(), TimeProvider.System, ct);
        await using var center = await EmrShareWebApp.StartAsync(new CenterActor(net.Center, accounts, enrolment) { Directory = network.CenterDirectory }, new WebAppOptions(), ct);
        using var admin = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = center.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-EmrShare-Request", "1");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("api/session", new SignInRequest("admin", "center admin pass"), ct)).StatusCode);

        using var anonymous = new HttpClient { BaseAddress = center.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"api/names/{net.A.Address}", new DisplayNameRequest("Forged"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"api/names/{net.A.Address}", new DisplayNameRequest("Alma General Hospital"), ct)).StatusCode);
        // A registered practitioner is renamed too (the hospital lookup reverts for it; the practitioner one answers).
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"api/names/{net.A.Keys.PractitionerAddresses[0]}", new DisplayNameRequest("Dr. Rivera"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"api/names/0x{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))}", new DisplayNameRequest("Nobody"), ct)).StatusCode);

        // Hospital B, hosted apart, knows A only through the Center's signed directory.
        var bDirectory = network.DirectoryFor(net.B.Keys);
        var b = await network.OpenBThroughAsync(bDirectory, ct);
        var bAccounts = await AccountStore.OpenAsync(Path.Combine(net.Root, "b-web", "web-accounts.db"), ct);
        var bActor = new HospitalActor(b, bAccounts);
        await using var bWeb = await EmrShareWebApp.StartAsync(bActor, new WebAppOptions(), ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (bActor.Names.Of(net.A.Address.ToString()) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        Assert.Equal("Alma General Hospital", bActor.Names.Of(net.A.Address.ToString()));
        var audit = await network.CenterDirectory.NameAuditAsync(ct);
        Assert.Contains(audit, a => a.Account == net.A.Address && a.Name == "Alma General Hospital" && a.ChangedBy == "admin");
        Assert.Contains(await accounts.ListAuditAsync(50, ct), l => l.Action == "set-name" && l.Account == net.A.Address.Lower && l.Actor == "admin");
    }

    [Fact]
    public async Task Verify_NameAlteredAfterSigning_PeerIdentityException()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var network = await DirectoryNetwork.StartAsync(ledger, ct);
        await network.CenterDirectory.SetNameAsync(network.Net.A.Address, "Hospital A", "admin", ct);
        var signed = await network.CenterDirectory.SnapshotAsync(ct);
        var owner = Core.ChainAddress.Parse(await network.Net.Center.Chain.Registry.GetOwnerAsync(ct));
        DirectoryClient.Verify(signed, network.CenterDirectory.Domain, owner, TimeProvider.System);

        var forged = signed with { Names = [new DirectoryName(network.Net.A.Address, "Evil Clinic")] };
        Assert.Throws<Nodes.PeerIdentityException>(() => DirectoryClient.Verify(forged, network.CenterDirectory.Domain, owner, TimeProvider.System));
        var dropped = signed with { Names = [] };
        Assert.Throws<Nodes.PeerIdentityException>(() => DirectoryClient.Verify(dropped, network.CenterDirectory.Domain, owner, TimeProvider.System));
    }
}
