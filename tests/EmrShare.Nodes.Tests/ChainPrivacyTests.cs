using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests;

/// <summary>No PHI on chain: transactions, logs and every contract storage slot of the embedded ledger.</summary>
public sealed class ChainPrivacyTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    private const string Fhir = "application/fhir+json";

    [Fact]
    public async Task ChainState_AfterFullScenario_HoldsNoPhiInTransactionsLogsOrStorageSlots()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (visitA, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        var amended = await net.A.AmendAsync(created.RecordId, SampleRecords.HbA1cBundle(6.4m), Fhir, net.A.Keys.PractitionerAddresses[0], ct);
        await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        var atB = await net.B.AmendAsync(created.RecordId, SampleRecords.HbA1cBundle(6.1m), Fhir, net.B.Keys.PractitionerAddresses[0], ct);
        await net.Patient.CollectRecordsAsync(visitB, ct);
        await net.A.FundPractitionersAsync(0.1m, ct);
        await net.A.BreakGlassReadAsync(created.RecordId, net.A.Keys.PractitionerAddresses[0], 1, ct);
        await net.Patient.RevokeAsync(grant, net.Center, ct);

        var dump = await ChainScanner.DumpAsync(ledger.Ledger, ct);

        // The scan sees the chain's public facts (record and grant ids, contract state), so an empty result means something.
        Assert.Contains(created.RecordId.ToString()[2..], dump.Logs, StringComparison.Ordinal);
        Assert.Contains(grant.GrantId.ToString()[2..], dump.Transactions, StringComparison.Ordinal);
        Assert.NotEmpty(dump.Storage);
        var needles = ChainScanner.Needles(
            [SampleRecords.PatientName, "Quellenberg", "Johanna", SampleRecords.PatientIdentifier, SampleRecords.DiagnosisCode, SampleRecords.LoincCode,
                "1961-04-12", "Type 2 diabetes", visitA.LocalPatientId, visitB.LocalPatientId],
            [created.Cid, amended.Cid, atB.Cid]);
        Assert.Empty(dump.Find(needles));

        // Control: a CID digest planted on chain (as the index hash the patient anchors) is found in all three places.
        var planted = Storage.Multiformats.Cid.Parse(created.Cid).Digest.ToArray();
        var latest = await net.Patient.Chain.Index.GetLatestIndexAsync(net.Patient.IndexAccount.ToString(), ct);
        await net.Patient.Chain.Index.AnchorIndexAsync(EmrShare.Chain.Bytes32.FromBytes(planted), latest.Sequence + 1, ct);
        var after = await ChainScanner.DumpAsync(ledger.Ledger, ct);
        var digest = Convert.ToHexStringLower(planted);
        Assert.Equal([$"{digest} in transactions", $"{digest} in logs", $"{digest} in storage"], after.Find(needles));
    }
}
