using EmrShare.Chain;
using EmrShare.Core.Envelope;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>The whole sharing workflow between separate actors on a real Hardhat chain and real stores.</summary>
public sealed class SharingScenarioTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    [Fact]
    public async Task ShareFlow_RegisterCreateGrantFulfilAmendRevoke_EachStepVerifiedAndRevocationRefuses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);

        // Visit A (mutual auth) → A creates a record from FHIR → wallet collects it and anchors its index.
        var visitA = await net.VisitAsync(net.A, ct);
        var created = await net.A.CreateRecordAsync(visitA.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        Assert.Equal(1u, created.Version);
        var (added, indexAnchor) = await net.Patient.CollectRecordsAsync(visitA, ct);
        var entry = Assert.Single(added);
        Assert.Equal(created.RecordId, entry.RecordId);
        Assert.NotNull(indexAnchor);
        var opened = await net.Patient.OpenRecordAsync(entry, net.A.Store, ct);
        Assert.Contains(opened.Summary.Diagnoses, d => d.Code?.Code == SampleRecords.DiagnosisCode);
        var latestIndex = await net.Patient.Chain.Index.GetLatestIndexAsync(net.Patient.IndexAccount.ToString(), ct);
        Assert.Equal(1ul, latestIndex.Sequence);
        Assert.Equal(await Patient.MedicalIndex.HashFileAsync(Path.Combine(net.Root, "patient", "index.bin"), ct), Core.Hash32.FromBytes(latestIndex.IndexHash.ToArray()));

        // Visit B → grant (record-scoped) → B requests → A fulfils → B verifies and stores.
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        var received = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        Assert.Equal(1u, received.Version);
        Assert.Equal(created.Cid, received.Cid);
        var atB = await net.B.ReadRecordAsync(created.RecordId, ct);
        Assert.Equal(SampleRecords.HbA1cBundle(), atB.Content);

        // A amends: version 2 under a new data key; B, still granted, fetches version 2.
        var amended = await net.A.AmendAsync(created.RecordId, SampleRecords.HbA1cBundle(6.4m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        Assert.Equal(2u, amended.Version);
        var v1Header = RecordCipher.ReadHeader(await ReadAllAsync(net.A, created.Cid, ct));
        var v2Header = RecordCipher.ReadHeader(await ReadAllAsync(net.A, amended.Cid, ct));
        Assert.NotEqual(v1Header.KeyCheck, v2Header.KeyCheck);
        var receivedV2 = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        Assert.Equal(2u, receivedV2.Version);
        Assert.Equal(SampleRecords.HbA1cBundle(6.4m), (await net.B.ReadRecordAsync(created.RecordId, ct)).Content);

        // B amends what it received: it adopts v1–v2 under its own address, then anchors v3 under a NEW data key;
        // the patient collects v3 from B like any record B creates.
        var amendedAtB = await net.B.AmendAsync(created.RecordId, SampleRecords.HbA1cBundle(6.1m), "application/fhir+json", net.B.Keys.PractitionerAddresses[0], ct);
        Assert.Equal(3u, amendedAtB.Version);
        var v3Header = RecordCipher.ReadHeader(await ReadAllAsync(net.B, amendedAtB.Cid, ct));
        Assert.NotEqual(v2Header.KeyCheck, v3Header.KeyCheck);
        Assert.Equal(SampleRecords.HbA1cBundle(6.1m), (await net.B.ReadRecordAsync(created.RecordId, ct)).Content);
        var anchoredAtB = await net.Center.Chain.Records.GetCommitmentAsync(net.B.Address.ToString(), Bytes32.FromBytes(created.RecordId.ToBytes()), 3, ct);
        Assert.Equal(amendedAtB.Commitment.ToString(), anchoredAtB.ToString());
        var (fromB, _) = await net.Patient.CollectRecordsAsync(visitB, ct);
        Assert.Equal((net.B.Address, 3u), (Assert.Single(fromB).Custodian, fromB[0].Version));

        // Patient revokes → B's next request is refused and nothing more is stored.
        await net.Patient.RevokeAsync(grant, net.Center, ct);
        var before = await net.ReceivedCountAsync(net.B, ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(before, await net.ReceivedCountAsync(net.B, ct));

        // The patient's access log shows the grant, both requests and fulfilments, and the revocation.
        var log = await net.Patient.GetAccessLogAsync(ct);
        var kinds = log.Select(l => l.Entry.Kind).ToList();
        Assert.Equal(1, kinds.Count(k => k == PatientAuditKind.GrantCreated));
        Assert.Equal(2, kinds.Count(k => k == PatientAuditKind.AccessRequested));
        Assert.Equal(2, kinds.Count(k => k == PatientAuditKind.AccessFulfilled));
        Assert.Equal(1, kinds.Count(k => k == PatientAuditKind.GrantRevoked));

        // The same log exported as a FHIR AuditEvent Bundle that parses and validates.
        var exported = new Fhir.Codec.FhirCodec(Fhir.Codec.FhirRecordPolicy.AnyType).Parse<Hl7.Fhir.Model.Bundle>(await net.Patient.ExportAuditAsync(ct), Fhir.Codec.FhirFormat.Json);
        Assert.Equal(log.Count, exported.Entry.Count);
        Assert.All(exported.Entry, e => Assert.IsType<Hl7.Fhir.Model.AuditEvent>(e.Resource));
        Assert.Contains(exported.Entry, e => e.Resource is Hl7.Fhir.Model.AuditEvent { Source.Site: { } site } && site.Contains(grant.TransactionHash, StringComparison.OrdinalIgnoreCase));

        // Local audits: A created, fulfilled, amended, fulfilled again; B holds the grant, two receipts, its amendment.
        var auditA = (await net.A.Database.ListAuditAsync(ct)).Select(a => a.Kind).ToList();
        Assert.Equal(["create", "fulfil", "amend", "fulfil"], auditA.Where(k => k != "visit"));
        var auditB = (await net.B.Database.ListAuditAsync(ct)).Select(a => a.Kind).Where(k => k != "visit").ToList();
        Assert.Equal(["grant", "receive", "receive", "adopt", "adopt", "amend"], auditB);
    }

    [Fact]
    public async Task ChainContents_AfterScenario_HoldNoPatientNameIdentifierCodeOrCid()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (visitA, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [], NodeNetwork.InAWeek, ct);
        var received = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        await net.Patient.RevokeAsync(grant, net.Center, ct);

        var dump = await ChainScanner.DumpAsync(chain.Endpoint.RpcUrl, ct);

        // Positive control: the scan does see what is meant to be public (the record id and grant id).
        Assert.Contains(created.RecordId.ToString()[2..], dump, StringComparison.Ordinal);
        Assert.Contains(grant.GrantId.ToString()[2..], dump, StringComparison.Ordinal);
        var cidBytes = Convert.ToHexStringLower(Storage.Multiformats.Cid.Parse(created.Cid).Bytes);
        string[] secrets =
        [
            SampleRecords.PatientName, "Quellenberg", SampleRecords.PatientIdentifier, SampleRecords.DiagnosisCode,
            SampleRecords.LoincCode, created.Cid, received.Cid, visitA.LocalPatientId,
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret.ToLowerInvariant(), dump, StringComparison.Ordinal);
            Assert.DoesNotContain(ChainScanner.Hex(secret), dump, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(cidBytes, dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BreakGlassRead_ByPractitioner_LoggedOnChainWithReasonAndVisibleToPatient()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await net.A.FundPractitionersAsync(0.1m, ct);

        var read = await net.A.BreakGlassReadAsync(created.RecordId, net.A.Keys.PractitionerAddresses[0], 1, ct);

        Assert.Equal(SampleRecords.HbA1cBundle(), read.Record.Content);
        var entry = Assert.Single(await net.Patient.GetAccessLogAsync(ct), e => e.Entry.Kind == PatientAuditKind.BreakGlassAccessed);
        Assert.Equal((ushort)1, entry.Entry.Code);
        Assert.Equal(read.Logged.TransactionHash, entry.Entry.TransactionHash);
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.A.BreakGlassReadAsync(created.RecordId, net.A.Keys.PractitionerAddresses[0], 9, ct));

        // The funding transfer and A's contract calls share one nonce tracker: A can still anchor right after.
        var amended = await net.A.AmendAsync(created.RecordId, SampleRecords.HbA1cBundle(6.0m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        Assert.Equal(2u, amended.Version);
    }

    [Fact]
    public void SampleRecords_ContainThePhiTheScanLooksFor()
    {
        var text = System.Text.Encoding.UTF8.GetString(SampleRecords.HbA1cBundle());
        Assert.All([SampleRecords.PatientName, SampleRecords.PatientIdentifier, SampleRecords.DiagnosisCode, SampleRecords.LoincCode],
            phi => Assert.Contains(phi, text, StringComparison.Ordinal));
    }

    private static async Task<byte[]> ReadAllAsync(HospitalService hospital, string cid, CancellationToken ct)
    {
        await using var stream = await hospital.Store.OpenReadAsync(Storage.Multiformats.Cid.Parse(cid), ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
