using EmrShare.Chain.Messages;
using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;
using Nethereum.Contracts;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>
/// Issue 15 #3 and 16 #9: a third hospital C (Spare1, with practitioner Spare2) attacks A's custody of a record
/// B was granted — fulfilling B's request first or racing A, and writing break-glass or access events about A's
/// record into the patient's log — and a hospital without the record asks its custodian in an emergency.
/// </summary>
public abstract class CustodySuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    private Actor HospitalC => Spare1;

    private Actor PractitionerC => Spare2;

    [Fact]
    public async Task RecordFulfilment_OtherHospitalFirst_RevertsNotCustodianAndCustodianStillFulfils()
    {
        var (_, request) = await RequestByBAsync();

        await AssertRevertsAsync("AccessControlNotCustodian", () => As(HospitalC).AccessControl.RecordFulfilmentAsync(request, TestIds.Random(), Ct));
        await AssertRevertsAsync("AccessControlNotCustodian", () => As(HospitalB).AccessControl.RecordFulfilmentAsync(request, TestIds.Random(), Ct));
        Assert.False((await As(Outsider).AccessControl.GetRequestAsync(request, Ct)).Fulfilled);

        var receipt = await As(HospitalA).AccessControl.RecordFulfilmentAsync(request, TestIds.Random(), Ct);
        var tx = await HospitalA.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash);
        Assert.Equal(HospitalA.Address, Assert.Single(tx.DecodeAllEvents<AccessFulfilledEvent>()).Event.Custodian, ignoreCase: true);
    }

    [Fact]
    public async Task RecordFulfilment_OtherHospitalRacesCustodian_OnlyCustodianCredited()
    {
        var (_, request) = await RequestByBAsync();

        // Both sent at once: whatever the order they are mined in, C's reverts and A's is the one fulfilment.
        // Mined before A's, C's is refused as not the custodian; mined after, the request is already fulfilled.
        var byC = As(HospitalC).AccessControl.RecordFulfilmentAsync(request, TestIds.Random(), Ct);
        var byA = As(HospitalA).AccessControl.RecordFulfilmentAsync(request, TestIds.Random(), Ct);
        var refused = await Assert.ThrowsAsync<ContractRevertedException>(() => byC);
        Assert.Contains(refused.ErrorName, new[] { "AccessControlNotCustodian", "AccessControlRequestAlreadyFulfilled" });
        await byA;

        var history = await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct);
        var fulfilled = Assert.Single(history, h => h.Kind == PatientAuditKind.AccessFulfilled);
        Assert.Equal(HospitalA.Address, fulfilled.Counterparty, ignoreCase: true);
    }

    [Fact]
    public async Task RequestAccess_CustodianNotAnActiveHospital_RevertsHospitalNotActive()
    {
        var grant = (await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;
        await AssertRevertsAsync("AccessControlHospitalNotActive", () => As(HospitalB).AccessControl.RequestAccessAsync(grant, TestIds.Random(), Outsider.Address, [], Ct));
    }

    [Fact]
    public async Task BreakGlass_PractitionerOfHospitalNotHoldingRecord_RevertsRecordNotHeldAndLogsNothing()
    {
        var record = await AnchorAtAAsync();

        await AssertRevertsAsync("AccessControlRecordNotHeld", () => As(PractitionerC).AccessControl.BreakGlassAsync(Patient.Address, record, 1, Ct));
        await AssertRevertsAsync("AccessControlRecordNotHeld", () => As(Practitioner).AccessControl.BreakGlassAsync(Patient.Address, TestIds.Random(), 1, Ct));
        Assert.Empty(await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct));

        await As(Practitioner).AccessControl.BreakGlassAsync(Patient.Address, record, 1, Ct);
        Assert.Single(await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct));
    }

    [Fact]
    public async Task RecordAccess_HospitalNotHoldingRecord_RevertsRecordNotHeldAndLogsNothing()
    {
        var record = await AnchorAtAAsync();

        await AssertRevertsAsync("AccessControlRecordNotHeld", () => As(HospitalC).AccessControl.RecordAccessAsync(Patient.Address, record, AccessAction.Read, Ct));
        await AssertRevertsAsync("AccessControlRecordNotHeld", () => As(HospitalB).AccessControl.RecordAccessAsync(Patient.Address, record, AccessAction.Amend, Ct));
        Assert.Empty(await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct));
    }

    [Fact]
    public async Task RecordAccess_GranteeAfterFulfilment_LogsItsReadOfTheCopyAndThirdHospitalStillRefused()
    {
        var (record, request) = await RequestByBAsync();
        await AssertRevertsAsync("AccessControlRecordNotHeld", () => As(HospitalB).AccessControl.RecordAccessAsync(Patient.Address, record, AccessAction.Read, Ct));

        await As(HospitalA).AccessControl.RecordFulfilmentAsync(request, TestIds.Random(), Ct);
        await As(HospitalB).AccessControl.RecordAccessAsync(Patient.Address, record, AccessAction.Read, Ct);
        await AssertRevertsAsync("AccessControlRecordNotHeld", () => As(HospitalC).AccessControl.RecordAccessAsync(Patient.Address, record, AccessAction.Read, Ct));

        var history = await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct);
        Assert.Contains(history, h => h.Kind == PatientAuditKind.AccessRecorded && string.Equals(h.Counterparty, HospitalB.Address, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RequestEmergencyAccess_CustodianFulfils_PatientLogNamesRequestingHospital()
    {
        var record = await AnchorAtAAsync();

        var request = (await As(PractitionerC).AccessControl.RequestEmergencyAccessAsync(HospitalA.Address, record, 1, Ct)).RequestId;
        var info = await As(Outsider).AccessControl.GetRequestAsync(request, Ct);
        Assert.True(info.IsEmergency);
        Assert.Equal(HospitalC.Address, info.Grantee, ignoreCase: true);
        Assert.Equal(HospitalA.Address, info.Custodian, ignoreCase: true);
        Assert.Equal(new EmergencyRequestInfo(PractitionerC.Address, 1), (await As(Outsider).AccessControl.GetEmergencyAsync(request, Ct)) with { Practitioner = PractitionerC.Address });

        // Only the custodian, through the emergency path, with a registered pseudonym, and once.
        await AssertRevertsAsync("AccessControlNotCustodian", () => As(HospitalB).AccessControl.RecordEmergencyFulfilmentAsync(request, Patient.Address, TestIds.Random(), Ct));
        await AssertRevertsAsync("AccessControlWrongRequestKind", () => As(HospitalA).AccessControl.RecordFulfilmentAsync(request, TestIds.Random(), Ct));
        await AssertRevertsAsync("AccessControlPatientNotRegistered", () => As(HospitalA).AccessControl.RecordEmergencyFulfilmentAsync(request, Outsider.Address, TestIds.Random(), Ct));
        await As(HospitalA).AccessControl.RecordEmergencyFulfilmentAsync(request, Patient.Address, TestIds.Random(), Ct);
        await AssertRevertsAsync("AccessControlRequestAlreadyFulfilled", () => As(HospitalA).AccessControl.RecordEmergencyFulfilmentAsync(request, Patient.Address, TestIds.Random(), Ct));

        var history = await As(Patient).AccessControl.GetPatientHistoryAsync(Patient.Address, Ct);
        Assert.Equal([PatientAuditKind.AccessFulfilled, PatientAuditKind.BreakGlassAccessed], history.Select(h => h.Kind).Order());
        var broke = Assert.Single(await As(Patient).AccessControl.GetBreakGlassAccessesAsync(Patient.Address, Ct));
        Assert.Equal(HospitalC.Address, broke.Hospital, ignoreCase: true);
        Assert.Equal(PractitionerC.Address, broke.Practitioner, ignoreCase: true);
        Assert.Equal(HospitalC.Address, Assert.Single(history, h => h.Kind == PatientAuditKind.BreakGlassAccessed).Counterparty, ignoreCase: true);
    }

    [Fact]
    public async Task RequestEmergencyAccess_ByNonPractitionerOrForRecordCustodianLacks_Reverts()
    {
        await AssertRevertsAsync("AccessControlPractitionerNotActive", () => As(HospitalC).AccessControl.RequestEmergencyAccessAsync(HospitalA.Address, TestIds.Random(), 1, Ct));
        await AssertRevertsAsync("AccessControlInvalidReason", () => As(PractitionerC).AccessControl.RequestEmergencyAccessAsync(HospitalA.Address, TestIds.Random(), 0, Ct));
        await AssertRevertsAsync("AccessControlHospitalNotActive", () => As(PractitionerC).AccessControl.RequestEmergencyAccessAsync(Outsider.Address, TestIds.Random(), 1, Ct));

        var request = (await As(PractitionerC).AccessControl.RequestEmergencyAccessAsync(HospitalA.Address, TestIds.Random(), 2, Ct)).RequestId;
        await AssertRevertsAsync("AccessControlRecordNotHeld", () => As(HospitalA).AccessControl.RecordEmergencyFulfilmentAsync(request, Patient.Address, TestIds.Random(), Ct));

        var (_, granted) = await RequestByBAsync();
        await AssertRevertsAsync("AccessControlWrongRequestKind", () => As(HospitalA).AccessControl.RecordEmergencyFulfilmentAsync(granted, Patient.Address, TestIds.Random(), Ct));
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await As(Center).Registry.RegisterHospitalAsync(HospitalC.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct);
        await As(Center).Registry.RegisterPractitionerAsync(PractitionerC.Address, HospitalC.Address, Ct);
    }

    private async Task<(Bytes32 Record, Bytes32 Request)> RequestByBAsync()
    {
        var record = await AnchorAtAAsync();
        var grant = (await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;
        return (record, (await As(HospitalB).AccessControl.RequestAccessAsync(grant, record, HospitalA.Address, [], Ct)).RequestId);
    }

    private async Task<Bytes32> AnchorAtAAsync()
    {
        var record = TestIds.Random();
        await As(HospitalA).Records.AnchorRecordAsync(record, 1, TestIds.Random(), Bytes32.Zero, Ct);
        return record;
    }
}
