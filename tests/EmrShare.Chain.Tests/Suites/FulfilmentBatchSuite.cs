using EmrShare.Chain.Messages;
using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;
using Nethereum.Contracts;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>
/// Issue 19: the custodian records its fulfilments in batches (<c>recordFulfilments</c>). Every request of a batch is
/// checked as a single fulfilment is (custodian only, once, live grant, granted kind), gets its own
/// <c>AccessFulfilled</c> event for the patient's log, and one refused request refuses the whole batch.
/// </summary>
public abstract class FulfilmentBatchSuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    private Actor HospitalC => Spare1;

    private Actor PractitionerC => Spare2;

    [Fact]
    public async Task RecordFulfilments_ThreeRequests_EachFulfilledWithItsOwnEventInOneTransaction()
    {
        var grant = await GrantBAsync();
        var entries = new List<FulfilmentEntry>();
        for (var i = 0; i < 3; i++)
        {
            entries.Add(new FulfilmentEntry(await RequestByBAsync(grant, await AnchorAtAsync(HospitalA)), TestIds.Random()));
        }

        var receipt = await As(HospitalA).AccessControl.RecordFulfilmentsAsync(entries, Ct);

        var tx = await HospitalA.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash);
        var events = tx.DecodeAllEvents<AccessFulfilledEvent>().Select(e => e.Event).ToList();
        Assert.Equal(entries.Select(e => e.RequestId), events.Select(e => Bytes32.FromBytes(e.RequestId)));
        Assert.Equal(entries.Select(e => e.DeliveryHash), events.Select(e => Bytes32.FromBytes(e.DeliveryHash)));
        Assert.All(events, e => Assert.Equal(HospitalA.Address, e.Custodian, ignoreCase: true));
        Assert.All(events, e => Assert.Equal(Patient.Address, e.Patient, ignoreCase: true));
        foreach (var entry in entries)
        {
            Assert.True((await As(Outsider).AccessControl.GetRequestAsync(entry.RequestId, Ct)).Fulfilled);
        }

        var history = await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct);
        Assert.Equal(3, history.Count(h => h.Kind == PatientAuditKind.AccessFulfilled));
    }

    [Fact]
    public async Task RecordFulfilments_OneRequestNamesAnotherCustodian_RevertsNotCustodianAndFulfilsNone()
    {
        var grant = await GrantBAsync();
        var ours = await RequestByBAsync(grant, await AnchorAtAsync(HospitalA));
        var theirs = await RequestByBAsync(grant, await AnchorAtAsync(HospitalC), HospitalC);

        await AssertRevertsAsync("AccessControlNotCustodian", () => As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(ours, theirs), Ct));

        Assert.False((await As(Outsider).AccessControl.GetRequestAsync(ours, Ct)).Fulfilled);
        Assert.False((await As(Outsider).AccessControl.GetRequestAsync(theirs, Ct)).Fulfilled);
        await As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(ours), Ct);
        await As(HospitalC).AccessControl.RecordFulfilmentAsync(theirs, TestIds.Random(), Ct);
    }

    [Fact]
    public async Task RecordFulfilments_SameRequestTwiceOrAlreadyFulfilled_RevertsAlreadyFulfilled()
    {
        var grant = await GrantBAsync();
        var first = await RequestByBAsync(grant, await AnchorAtAsync(HospitalA));
        var second = await RequestByBAsync(grant, await AnchorAtAsync(HospitalA));

        await AssertRevertsAsync("AccessControlRequestAlreadyFulfilled", () => As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(first, second, first), Ct));
        Assert.False((await As(Outsider).AccessControl.GetRequestAsync(second, Ct)).Fulfilled);

        await As(HospitalA).AccessControl.RecordFulfilmentAsync(first, TestIds.Random(), Ct);
        await AssertRevertsAsync("AccessControlRequestAlreadyFulfilled", () => As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(second, first), Ct));
        await AssertRevertsAsync("AccessControlRequestAlreadyFulfilled", () => As(HospitalA).AccessControl.RecordFulfilmentAsync(first, TestIds.Random(), Ct));
    }

    [Fact]
    public async Task RecordFulfilments_GrantRevokedForOneRequest_RevertsAccessDenied()
    {
        var live = await GrantBAsync();
        var revoked = await GrantBAsync();
        var ok = await RequestByBAsync(live, await AnchorAtAsync(HospitalA));
        var refused = await RequestByBAsync(revoked, await AnchorAtAsync(HospitalA));
        await As(Patient).AccessControl.RevokeAsync(revoked, Ct);

        await AssertRevertsAsync("AccessControlAccessDenied", () => As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(ok, refused), Ct));

        await As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(ok), Ct);
        Assert.False((await As(Outsider).AccessControl.GetRequestAsync(refused, Ct)).Fulfilled);
    }

    [Fact]
    public async Task RecordFulfilments_EmergencyRequestInBatch_RevertsWrongRequestKind()
    {
        var granted = await RequestByBAsync(await GrantBAsync(), await AnchorAtAsync(HospitalA));
        var emergency = (await As(PractitionerC).AccessControl.RequestEmergencyAccessAsync(HospitalA.Address, await AnchorAtAsync(HospitalA), 1, Ct)).RequestId;

        await AssertRevertsAsync("AccessControlWrongRequestKind", () => As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(granted, emergency), Ct));
        Assert.False((await As(Outsider).AccessControl.GetRequestAsync(granted, Ct)).Fulfilled);
    }

    [Fact]
    public async Task RecordFulfilments_EmptyUnknownOrMismatched_Reverts()
    {
        var request = await RequestByBAsync(await GrantBAsync(), await AnchorAtAsync(HospitalA));
        var unknown = TestIds.Random();

        await AssertRevertsAsync("AccessControlEmptyBatch", () => As(HospitalA).AccessControl.RecordFulfilmentsAsync([], Ct));
        await AssertRevertsAsync("AccessControlUnknownRequest", () => As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(request, unknown), Ct));
        var mismatched = new RecordFulfilmentsFunction { RequestIds = [request.ToArray(), TestIds.Random().ToArray()], DeliveryHashes = [TestIds.Random().ToArray()] };
        await AssertRevertsAsync("AccessControlBatchLengthMismatch", () => SendRawAsync(HospitalA, mismatched));
        Assert.False((await As(Outsider).AccessControl.GetRequestAsync(request, Ct)).Fulfilled);
    }

    [Fact]
    public async Task RecordFulfilments_CallerNotActiveHospital_RevertsHospitalNotActive()
    {
        var request = await RequestByBAsync(await GrantBAsync(), await AnchorAtAsync(HospitalA));

        await AssertRevertsAsync("AccessControlHospitalNotActive", () => As(Outsider).AccessControl.RecordFulfilmentsAsync(Entries(request), Ct));
        await As(Center).Registry.DeactivateHospitalAsync(HospitalA.Address, Ct);
        await AssertRevertsAsync("AccessControlHospitalNotActive", () => As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(request), Ct));
        Assert.False((await As(Outsider).AccessControl.GetRequestAsync(request, Ct)).Fulfilled);
    }

    [Fact]
    public async Task RecordFulfilments_OtherHospitalBatchRacesCustodian_OnlyCustodianCredited()
    {
        var grant = await GrantBAsync();
        var requests = new[] { await RequestByBAsync(grant, await AnchorAtAsync(HospitalA)), await RequestByBAsync(grant, await AnchorAtAsync(HospitalA)) };

        // Sent at once: whichever is mined first, C's batch reverts (not the custodian, or already fulfilled) and A's
        // fulfils both requests.
        var byC = As(HospitalC).AccessControl.RecordFulfilmentsAsync(Entries(requests), Ct);
        var byA = As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries(requests), Ct);
        var refused = await Assert.ThrowsAsync<ContractRevertedException>(() => byC);
        Assert.Contains(refused.ErrorName, new[] { "AccessControlNotCustodian", "AccessControlRequestAlreadyFulfilled" });
        await byA;

        var history = await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct);
        var fulfilled = history.Where(h => h.Kind == PatientAuditKind.AccessFulfilled).ToList();
        Assert.Equal(2, fulfilled.Count);
        Assert.All(fulfilled, f => Assert.Equal(HospitalA.Address, f.Counterparty, ignoreCase: true));
    }

    [Fact]
    public async Task RecordFulfilments_Batch_GranteeMayLogReadsOfEachCopy()
    {
        var grant = await GrantBAsync();
        var records = new[] { await AnchorAtAsync(HospitalA), await AnchorAtAsync(HospitalA) };
        var requests = new List<Bytes32>();
        foreach (var record in records)
        {
            requests.Add(await RequestByBAsync(grant, record));
        }

        await AssertRevertsAsync("AccessControlRecordNotHeld", () => As(HospitalB).AccessControl.RecordAccessAsync(Patient.Address, records[1], AccessAction.Read, Ct));
        await As(HospitalA).AccessControl.RecordFulfilmentsAsync(Entries([.. requests]), Ct);

        foreach (var record in records)
        {
            await As(HospitalB).AccessControl.RecordAccessAsync(Patient.Address, record, AccessAction.Read, Ct);
        }
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await As(Center).Registry.RegisterHospitalAsync(HospitalC.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct);
        await As(Center).Registry.RegisterPractitionerAsync(PractitionerC.Address, HospitalC.Address, Ct);
    }

    private static List<FulfilmentEntry> Entries(params Bytes32[] requests) => [.. requests.Select(r => new FulfilmentEntry(r, TestIds.Random()))];

    private async Task<GrantRef> GrantBAsync() =>
        (await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;

    private async Task<Bytes32> RequestByBAsync(GrantRef grant, Bytes32 record, Actor? custodian = null) =>
        (await As(HospitalB).AccessControl.RequestAccessAsync(grant, record, (custodian ?? HospitalA).Address, [], Ct)).RequestId;

    private async Task<Bytes32> AnchorAtAsync(Actor hospital)
    {
        var record = TestIds.Random();
        await As(hospital).Records.AnchorRecordAsync(record, 1, TestIds.Random(), Bytes32.Zero, Ct);
        return record;
    }

    private async Task SendRawAsync(Actor sender, RecordFulfilmentsFunction message)
    {
        var client = new ContractClient(sender.Web3, Addresses.AccessControl);
        await client.SendAsync(message, Ct);
    }
}
