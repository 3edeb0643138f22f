using EmrShare.Chain.Messages;
using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>AccessControl requests, fulfilment, break-glass and audit events, filtered by patient pseudonym.</summary>
public abstract class AccessEventsSuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    [Fact]
    public async Task RequestAccess_ThenFulfilment_RecordedOnceWithPatientTopic()
    {
        var grant = (await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;
        var record = TestIds.Random();
        var request = await As(HospitalB).AccessControl.RequestAccessAsync(grant, record, HospitalA.Address, [], Ct);

        Assert.Equal(new AccessRequestInfo(grant.GrantId, Bytes32.Zero, record, HospitalB.Address, false, HospitalA.Address), (await As(Outsider).AccessControl.GetRequestAsync(request.RequestId, Ct)) with { Grantee = HospitalB.Address, Custodian = HospitalA.Address });
        var delivery = TestIds.Random();
        var receipt = await As(HospitalA).AccessControl.RecordFulfilmentAsync(request.RequestId, delivery, Ct);
        Assert.True((await As(Outsider).AccessControl.GetRequestAsync(request.RequestId, Ct)).Fulfilled);

        var tx = await HospitalA.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash);
        var fulfilled = Assert.Single(tx.DecodeAllEvents<AccessFulfilledEvent>()).Event;
        Assert.Equal(Patient.Address, fulfilled.Patient, ignoreCase: true);
        Assert.Equal(HospitalA.Address, fulfilled.Custodian, ignoreCase: true);
        Assert.Equal(delivery, Bytes32.FromBytes(fulfilled.DeliveryHash));

        await AssertRevertsAsync("AccessControlRequestAlreadyFulfilled", () => As(HospitalA).AccessControl.RecordFulfilmentAsync(request.RequestId, delivery, Ct));
    }

    [Fact]
    public async Task RequestAccess_RequestIdsUnique()
    {
        var grant = (await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;
        var record = TestIds.Random();
        var first = await As(HospitalB).AccessControl.RequestAccessAsync(grant, record, HospitalA.Address, [], Ct);
        var second = await As(HospitalB).AccessControl.RequestAccessAsync(grant, record, HospitalA.Address, [], Ct);
        Assert.NotEqual(first.RequestId, second.RequestId);
    }

    [Fact]
    public async Task RequestAccess_ByNonGrantee_RevertsAccessDenied()
    {
        var grant = (await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;
        await AssertRevertsAsync("AccessControlAccessDenied", () => As(HospitalA).AccessControl.RequestAccessAsync(grant, TestIds.Random(), HospitalA.Address, [], Ct));
        await AssertRevertsAsync("AccessControlAccessDenied", () => As(HospitalB).AccessControl.RequestAccessAsync(grant with { GrantId = TestIds.Random() }, TestIds.Random(), HospitalA.Address, [], Ct));
    }

    [Fact]
    public async Task RecordFulfilment_UnknownRequest_RevertsUnknownRequest()
    {
        await AssertRevertsAsync("AccessControlUnknownRequest", () => As(HospitalA).AccessControl.RecordFulfilmentAsync(TestIds.Random(), TestIds.Random(), Ct));
        await AssertRevertsAsync("AccessControlUnknownRequest", () => As(Outsider).AccessControl.GetRequestAsync(TestIds.Random(), Ct));
    }

    [Fact]
    public async Task RecordFulfilment_ByNonHospital_RevertsHospitalNotActive()
    {
        var grant = (await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;
        var request = await As(HospitalB).AccessControl.RequestAccessAsync(grant, TestIds.Random(), HospitalA.Address, [], Ct);
        await AssertRevertsAsync("AccessControlHospitalNotActive", () => As(Practitioner).AccessControl.RecordFulfilmentAsync(request.RequestId, TestIds.Random(), Ct));
    }

    [Fact]
    public async Task BreakGlass_ByPractitioner_EventFoundByPatientFilter()
    {
        var record = await AnchoredAtAAsync();
        await As(Practitioner).AccessControl.BreakGlassAsync(Patient.Address, record, 2, Ct);
        await As(Practitioner).AccessControl.BreakGlassAsync(OtherPatient.Address, await AnchoredAtAAsync(), 1, Ct);

        var accesses = await As(Patient).AccessControl.GetBreakGlassAccessesAsync(Patient.Address, Ct);
        var access = Assert.Single(accesses);
        Assert.Equal(Practitioner.Address, access.Practitioner, ignoreCase: true);
        Assert.Equal(HospitalA.Address, access.Hospital, ignoreCase: true);
        Assert.Equal(record, access.RecordId);
        Assert.Equal((ushort)2, access.ReasonCode);
    }

    [Fact]
    public async Task BreakGlass_ByNonPractitioner_RevertsPractitionerNotActive()
    {
        await AssertRevertsAsync("AccessControlPractitionerNotActive", () => As(HospitalA).AccessControl.BreakGlassAsync(Patient.Address, TestIds.Random(), 1, Ct));
        await AssertRevertsAsync("AccessControlPractitionerNotActive", () => As(Outsider).AccessControl.BreakGlassAsync(Patient.Address, TestIds.Random(), 1, Ct));
    }

    [Fact]
    public async Task BreakGlass_DeactivatedPractitioner_RevertsPractitionerNotActive()
    {
        await As(HospitalA).Registry.DeactivatePractitionerAsync(Practitioner.Address, Ct);
        await AssertRevertsAsync("AccessControlPractitionerNotActive", () => As(Practitioner).AccessControl.BreakGlassAsync(Patient.Address, TestIds.Random(), 1, Ct));
    }

    [Fact]
    public async Task BreakGlass_PractitionersHospitalDeactivated_RevertsPractitionerNotActive()
    {
        await As(Center).Registry.DeactivateHospitalAsync(HospitalA.Address, Ct);
        await AssertRevertsAsync("AccessControlPractitionerNotActive", () => As(Practitioner).AccessControl.BreakGlassAsync(Patient.Address, TestIds.Random(), 1, Ct));
    }

    [Theory]
    [InlineData((ushort)0)]
    [InlineData((ushort)4)]
    public async Task BreakGlass_UnknownReason_RevertsInvalidReason(ushort reason) =>
        await AssertRevertsAsync("AccessControlInvalidReason", () => As(Practitioner).AccessControl.BreakGlassAsync(Patient.Address, TestIds.Random(), reason, Ct));

    [Fact]
    public async Task BreakGlass_UnregisteredPatient_RevertsPatientNotRegistered() =>
        await AssertRevertsAsync("AccessControlPatientNotRegistered", () => As(Practitioner).AccessControl.BreakGlassAsync(Outsider.Address, TestIds.Random(), 1, Ct));

    [Fact]
    public async Task RecordAccess_ByHospital_EmitsAuditEventWithPatientTopic()
    {
        var record = await AnchoredAtAAsync();
        var receipt = await As(HospitalA).AccessControl.RecordAccessAsync(Patient.Address, record, AccessAction.Amend, Ct);

        var handler = HospitalA.Web3.Eth.GetEvent<AccessRecordedEvent>(Addresses.AccessControl);
        var logs = await handler.GetAllChangesAsync(handler.CreateFilterInput(Patient.Address, BlockParameter.CreateEarliest(), BlockParameter.CreateLatest()));
        var log = Assert.Single(logs);
        Assert.Equal(receipt.TransactionHash, log.Log.TransactionHash);
        Assert.Equal(record, Bytes32.FromBytes(log.Event.RecordId));
        Assert.Equal((byte)AccessAction.Amend, log.Event.Action);
    }

    [Fact]
    public async Task RecordAccess_InvalidCallerActionOrPatient_RevertsTyped()
    {
        await AssertRevertsAsync("AccessControlHospitalNotActive", () => As(Outsider).AccessControl.RecordAccessAsync(Patient.Address, TestIds.Random(), AccessAction.Read, Ct));
        await AssertRevertsAsync("AccessControlInvalidAction", () => As(HospitalA).AccessControl.RecordAccessAsync(Patient.Address, TestIds.Random(), (AccessAction)4, Ct));
        await AssertRevertsAsync("AccessControlPatientNotRegistered", () => As(HospitalA).AccessControl.RecordAccessAsync(Outsider.Address, TestIds.Random(), AccessAction.Read, Ct));
    }

    [Fact]
    public async Task GetPatientHistory_EveryEventKind_FilteredByPseudonymInOrder()
    {
        var grant = (await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;
        var record = await AnchoredAtAAsync();
        var request = await As(HospitalB).AccessControl.RequestAccessAsync(grant, record, HospitalA.Address, [], Ct);
        await As(HospitalA).AccessControl.RecordFulfilmentAsync(request.RequestId, TestIds.Random(), Ct);
        await As(Patient).AccessControl.RevokeAsync(grant, Ct);
        await As(Practitioner).AccessControl.BreakGlassAsync(Patient.Address, record, 1, Ct);
        await As(HospitalA).AccessControl.RecordAccessAsync(Patient.Address, record, AccessAction.Read, Ct);
        var otherGrant = await SignGrantAsync(HospitalB.Address, signer: OtherPatient);
        await As(Outsider).AccessControl.SubmitGrantAsync(otherGrant, Ct);
        await As(Practitioner).AccessControl.BreakGlassAsync(OtherPatient.Address, record, 1, Ct);

        var history = await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct);

        Assert.Equal(
            [PatientAuditKind.GrantCreated, PatientAuditKind.AccessRequested, PatientAuditKind.AccessFulfilled, PatientAuditKind.GrantRevoked, PatientAuditKind.BreakGlassAccessed, PatientAuditKind.AccessRecorded],
            history.Select(h => h.Kind));
        Assert.All(history, h => Assert.Equal(Patient.Address, h.Patient, ignoreCase: true));
        Assert.Equal(grant.GrantId, history[0].GrantId);
        Assert.Equal(HospitalB.Address, history[0].Counterparty, ignoreCase: true);
        Assert.Equal(record, history[1].RecordId);
        Assert.Equal(HospitalA.Address, history[4].Counterparty, ignoreCase: true);
        Assert.Equal(2, (await As(OtherPatient).AccessControl.GetPatientHistoryAsync(OtherPatient.Address, Ct)).Count);
    }

    /// <summary>A record id hospital A anchored (version 1), so A holds it on chain.</summary>
    protected async Task<Bytes32> AnchoredAtAAsync()
    {
        var record = TestIds.Random();
        await As(HospitalA).Records.AnchorRecordAsync(record, 1, TestIds.Random(), Bytes32.Zero, Ct);
        return record;
    }
}
