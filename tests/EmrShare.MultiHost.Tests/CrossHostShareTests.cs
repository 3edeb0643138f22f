using EmrShare.MultiHost.Tests.Harness;

namespace EmrShare.MultiHost.Tests;

/// <summary>
/// Issue 14 Tests, the part of the sharing story that runs across processes today: a record created at A is collected
/// by the patient's wallet from A over HTTPS (A's certificate checked against the consortium CA), and the wallet
/// grants B over HTTPS to B's own address. B's request of the record stops today at A's store (<c>/store</c> answers
/// 401 "peer reads must be signed": the store client does not sign peer reads yet); the lead extends this test with
/// B's request, read, revocation and break-glass once that lands.
/// </summary>
[Collection(ConsortiumCollection.Name)]
public sealed class CrossHostShareTests(ConsortiumFixture fixture)
{
    [Fact]
    public async Task Share_RecordCreatedAtA_CollectedFromAAndGrantedToBOverHttps()
    {
        var ct = TestContext.Current.CancellationToken;
        var recordId = await fixture.CreateRecordAtAAsync(7.1m, ct);

        var collected = (await fixture.PatientAsync("visit", "--hospital", fixture.HospitalA.BaseUrl.ToString(), "--address", fixture.AddressA, "--collect")).EnsureOk();
        Assert.Contains(collected.Fields("collected"), c => c == $"{recordId} v1");
        Assert.StartsWith("index-anchor 0x", collected.Field("tx"), StringComparison.Ordinal);
        var index = (await fixture.PatientAsync("index")).EnsureOk();
        Assert.Contains(index.Fields("entry"), e => e.StartsWith(recordId, StringComparison.Ordinal));

        var grant = (await fixture.PatientAsync("grant", "--at", fixture.HospitalB.BaseUrl.ToString(), "--grantee", fixture.AddressB,
            "--custodian", fixture.AddressA, "--records", recordId, "--expires", "7d")).EnsureOk();
        Assert.Equal(fixture.AddressB, grant.Field("grantee"));
        Assert.StartsWith("grant 0x", grant.Field("tx"), StringComparison.Ordinal);
        Assert.True(fixture.HospitalB.IsRunning, fixture.HospitalB.ToString());
    }
}
