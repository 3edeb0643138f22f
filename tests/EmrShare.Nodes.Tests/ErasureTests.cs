using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>Crypto-shredding at the custodian: the record becomes unreadable, the chain still verifies the rest.</summary>
public sealed class ErasureTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    [Fact]
    public async Task EraseRecord_AtCustodian_UnreadableUnshareableBlobGoneOtherRecordsIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (visitA, erased) = await net.RecordAtAAsync(ct);
        var kept = await net.A.CreateRecordAsync(visitA.LocalPatientId, SampleRecords.HbA1cBundle(5.9m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [], NodeNetwork.InAWeek, ct);

        await net.A.EraseRecordAsync(erased.RecordId, ct);

        await Assert.ThrowsAsync<RecordErasedException>(() => net.A.ReadRecordAsync(erased.RecordId, ct));
        Assert.False(await net.A.Store.HasAsync(Storage.Multiformats.Cid.Parse(erased.Cid), ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, erased.RecordId, ct));
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));

        // The other record is untouched and still verifies end to end against its on-chain commitment.
        Assert.Equal(SampleRecords.HbA1cBundle(5.9m), (await net.A.ReadRecordAsync(kept.RecordId, ct)).Content);
        var received = await net.B.RequestRecordAsync(grant.GrantId, kept.RecordId, ct);
        Assert.Equal(kept.Cid, received.Cid);
    }
}
