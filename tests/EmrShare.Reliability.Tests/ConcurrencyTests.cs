using System.Collections.Concurrent;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Ledger.Chain;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.Reliability.Tests.Support;

namespace EmrShare.Reliability.Tests;

/// <summary>
/// 16 concurrent clients on one embedded ledger — 8 patients each visiting A and B, collecting, granting B and
/// having B fetch, plus 4 practitioners at A and 4 at B creating records for those patients — then every
/// cross-component invariant is checked against the chain, both EMR databases, the wallets and the ledger itself.
/// </summary>
public sealed class ConcurrencyTests(InProcessLedger chain) : IClassFixture<InProcessLedger>
{
    private const int Patients = 8;
    private const int PractitionersPerHospital = 4;
    private const int RecordsPerPractitioner = 3;

    [Fact]
    public async Task SixteenClients_CreateVisitGrantShareInParallel_ChainDatabasesIndexAndAuditConsistent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Access, InProcessLedger.Keys, ct);
        var wallets = new List<PatientWallet> { net.Patient };
        try
        {
            for (var i = 1; i < Patients; i++)
            {
                wallets.Add(await OpenPatientAsync(net, i, ct));
            }

            var log = new ActionLog();
            var admitted = Enumerable.Range(0, Patients).Select(_ => (A: new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously), B: new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously))).ToList();
            var clients = new List<Task>();
            clients.AddRange(Enumerable.Range(0, Patients).Select(p => Task.Run(() => PatientClientAsync(net, wallets[p], p, admitted[p], log, ct), ct)));
            foreach (var (hospital, isA) in new[] { (net.A, true), (net.B, false) })
            {
                clients.AddRange(Enumerable.Range(0, PractitionersPerHospital).Select(w => Task.Run(async () =>
                {
                    for (var n = 0; n < RecordsPerPractitioner; n++)
                    {
                        var p = (w + (n * PractitionersPerHospital)) % Patients;
                        var localId = await (isA ? admitted[p].A.Task : admitted[p].B.Task);
                        var created = await hospital.CreateRecordAsync(localId, SampleRecords.HbA1cBundle(4 + w + (n / 10m)), "application/fhir+json", hospital.Keys.PractitionerAddresses[0], ct);
                        log.Created.Add((hospital, p, created));
                    }
                }, ct)));
            }

            Assert.True(clients.Count >= 16);
            await Task.WhenAll(clients);

            // Records created after a patient's last pull are picked up by one more visit each.
            for (var p = 0; p < Patients; p++)
            {
                await CollectAsync(net, wallets[p], p, net.A, log, ct);
                await CollectAsync(net, wallets[p], p, net.B, log, ct);
            }

            await AssertRecordsAnchoredAndStoredAsync(net, log, ct);
            await AssertIndexesGapFreeAndMatchWalletsAsync(net, wallets, log, ct);
            await AssertLocalIdsUniqueAsync(net, wallets, ct);
            await AssertGrantsOnChainAndAuditCompleteAsync(net, wallets, log, ct);
            await AssertLedgerNoncesAndTransactionsConsistentAsync(net, log, ct);
        }
        finally
        {
            foreach (var wallet in wallets.Skip(1))
            {
                wallet.Dispose();
            }
        }
    }

    private static async Task PatientClientAsync(NodeNetwork net, PatientWallet wallet, int p, (TaskCompletionSource<string> A, TaskCompletionSource<string> B) admitted, ActionLog log, CancellationToken ct)
    {
        var own = new List<RecordId>();
        using (var visitA = await wallet.BeginVisitAsync(net.EndpointOf(net.A), net.A.Address, ct))
        {
            log.Visits.Add((net.A, p, visitA.LocalPatientId));
            admitted.A.TrySetResult(visitA.LocalPatientId);
            for (var n = 0; n < 2; n++)
            {
                var created = await net.A.CreateRecordAsync(visitA.LocalPatientId, SampleRecords.HbA1cBundle(6 + n + (p / 10m)), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
                log.Created.Add((net.A, p, created));
                own.Add(created.RecordId);
            }

            await CollectOnAsync(wallet, visitA, p, log, ct);
        }

        using var visitB = await wallet.BeginVisitAsync(net.EndpointOf(net.B), net.B.Address, ct);
        log.Visits.Add((net.B, p, visitB.LocalPatientId));
        admitted.B.TrySetResult(visitB.LocalPatientId);
        log.Created.Add((net.B, p, await net.B.CreateRecordAsync(visitB.LocalPatientId, SampleRecords.HbA1cBundle(8 + (p / 10m)), "application/fhir+json", net.B.Keys.PractitionerAddresses[0], ct)));
        await CollectOnAsync(wallet, visitB, p, log, ct);
        var grant = await wallet.GrantAsync(visitB, net.A.Address, own, NodeNetwork.InAWeek, ct);
        log.Grants.Add((p, grant));
        foreach (var record in own)
        {
            log.Received.Add((p, await net.B.RequestRecordAsync(grant.GrantId, record, ct)));
        }
    }

    private static async Task CollectAsync(NodeNetwork net, PatientWallet wallet, int p, HospitalService hospital, ActionLog log, CancellationToken ct)
    {
        using var visit = await wallet.BeginVisitAsync(net.EndpointOf(hospital), hospital.Address, ct);
        log.Visits.Add((hospital, p, visit.LocalPatientId));
        await CollectOnAsync(wallet, visit, p, log, ct);
    }

    private static async Task CollectOnAsync(PatientWallet wallet, PatientVisit visit, int p, ActionLog log, CancellationToken ct)
    {
        var (_, anchor) = await wallet.CollectRecordsAsync(visit, ct);
        if (anchor is not null)
        {
            log.IndexAnchors.AddOrUpdate(p, 1, (_, n) => n + 1);
        }
    }

    private async Task<PatientWallet> OpenPatientAsync(NodeNetwork net, int i, CancellationToken ct)
    {
        var hospitals = new[] { net.A, net.B, net.C };
        var wallet = await PatientWallet.OpenAsync(Path.Combine(net.Root, "patient-" + i), TestIdentities.Create(hospitals.Select(h => h.Address)), chain.Access, net.Center.Addresses, TimeProvider.System, ct);
        await net.Center.RegisterPatientsAsync([wallet.RegistrationRequest(hospitals.Select(h => h.Address))], 1m, ct);
        return wallet;
    }

    private static async Task AssertRecordsAnchoredAndStoredAsync(NodeNetwork net, ActionLog log, CancellationToken ct)
    {
        Assert.Equal((Patients * 3) + (2 * PractitionersPerHospital * RecordsPerPractitioner), log.Created.Count);
        foreach (var (hospital, _, created) in log.Created)
        {
            var row = (await hospital.Database.ListRecordsAsync(ct)).SingleOrDefault(r => r.RecordId == created.RecordId.ToString() && r.Version == created.Version && r.Origin == "local");
            Assert.NotNull(row);
            Assert.Equal(created.Commitment.ToString(), row.Commitment);
            var anchored = await net.Center.Chain.Records.GetCommitmentAsync(hospital.Address.ToString(), created.RecordId.ToBytes32(), created.Version, ct);
            Assert.Equal(created.Commitment, anchored.ToHash32());
            Assert.Contains(SampleRecords.PatientName, System.Text.Encoding.UTF8.GetString((await hospital.ReadRecordAsync(created.RecordId, ct)).Content), StringComparison.Ordinal);
        }
    }

    private static async Task AssertIndexesGapFreeAndMatchWalletsAsync(NodeNetwork net, List<PatientWallet> wallets, ActionLog log, CancellationToken ct)
    {
        for (var p = 0; p < Patients; p++)
        {
            var wallet = wallets[p];
            var expected = log.Created.Where(c => c.Patient == p).Select(c => c.Record.RecordId).ToHashSet();
            Assert.Equal(expected, wallet.Index.Entries.Select(e => e.RecordId).ToHashSet());
            var latest = await net.Center.Chain.Index.GetLatestIndexAsync(wallet.IndexAccount.ToString(), ct);
            Assert.Equal((ulong)log.IndexAnchors.GetValueOrDefault(p), latest.Sequence);
            for (ulong s = 1; s <= latest.Sequence; s++)
            {
                Assert.False((await net.Center.Chain.Index.GetIndexHashAtAsync(wallet.IndexAccount.ToString(), s, ct)).ToHash32().IsZero, $"patient {p} index sequence {s} missing");
            }

            var folder = p == 0 ? "patient" : "patient-" + p;
            Assert.Equal(await MedicalIndex.HashFileAsync(Path.Combine(net.Root, folder, "index.bin"), ct), latest.IndexHash.ToHash32());
        }
    }

    private static async Task AssertLocalIdsUniqueAsync(NodeNetwork net, List<PatientWallet> wallets, CancellationToken ct)
    {
        foreach (var hospital in new[] { net.A, net.B })
        {
            Assert.Equal(Patients, await hospital.Database.CountPatientsAsync(ct));
            var ids = new List<string>();
            foreach (var wallet in wallets)
            {
                var row = await hospital.Database.FindPatientByPseudonymAsync(wallet.PseudonymAt(hospital.Address).Address.Lower, ct);
                Assert.NotNull(row);
                ids.Add(row.LocalId);
            }

            Assert.Equal(Patients, ids.Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static async Task AssertGrantsOnChainAndAuditCompleteAsync(NodeNetwork net, List<PatientWallet> wallets, ActionLog log, CancellationToken ct)
    {
        Assert.Equal(Patients, log.Grants.Count);
        Assert.Equal(Patients * 2, log.Received.Count);
        foreach (var (p, grant) in log.Grants)
        {
            var onChain = await net.Center.Chain.AccessControl.GetGrantAsync(new GrantRef(net.B.Address.ToString(), grant.GrantId.ToBytes32(), grant.Scope.ToBytes32()), ct);
            Assert.Equal(wallets[p].PseudonymAt(net.A.Address).Address.Lower, onChain.Patient.ToLowerInvariant());
            var history = await net.Center.Chain.AccessControl.GetPatientHistoryAsync(wallets[p].PseudonymAt(net.A.Address).Address.ToString(), ct);
            Assert.Equal(1, history.Count(h => h.Kind == PatientAuditKind.GrantCreated));
            Assert.Equal(2, history.Count(h => h.Kind == PatientAuditKind.AccessRequested));
            Assert.Equal(2, history.Count(h => h.Kind == PatientAuditKind.AccessFulfilled));
        }

        var auditA = await net.A.Database.ListAuditAsync(ct);
        var auditB = await net.B.Database.ListAuditAsync(ct);
        Assert.Equal(log.Created.Count(c => c.Hospital == net.A), auditA.Count(a => a.Kind == "create"));
        Assert.Equal(log.Created.Count(c => c.Hospital == net.B), auditB.Count(a => a.Kind == "create"));
        Assert.Equal(log.Received.Count, auditA.Count(a => a.Kind == "fulfil"));
        Assert.Equal(log.Received.Count, auditB.Count(a => a.Kind == "receive"));
        Assert.Equal(log.Grants.Count, auditB.Count(a => a.Kind == "grant"));
        Assert.Equal(log.Visits.Count(v => v.Hospital == net.A), auditA.Count(a => a.Kind == "visit"));
        Assert.Equal(log.Visits.Count(v => v.Hospital == net.B), auditB.Count(a => a.Kind == "visit"));
        Assert.Equal(log.Received.Count, (await net.B.Database.ListRecordsAsync(ct)).Count(r => r.Origin == "received"));
    }

    /// <summary>Every block sealed and linked, no transaction twice, and each account's nonce equals its transaction count.</summary>
    private async Task AssertLedgerNoncesAndTransactionsConsistentAsync(NodeNetwork net, ActionLog log, CancellationToken ct)
    {
        var ledger = chain.Ledger;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sent = new Dictionary<string, int>(StringComparer.Ordinal);
        var parent = ledger.GetBlock(BlockTag.Earliest)!;
        for (var n = 1; n <= ledger.Head.Number; n++)
        {
            var block = ledger.GetBlock(BlockTag.At(n))!;
            Assert.Equal(parent.Hash, block.ParentHash);
            foreach (var receipt in ledger.GetReceipts(n))
            {
                Assert.True(seen.Add(Convert.ToHexString(receipt.TransactionHash)), "a transaction appears twice");
                sent[receipt.From] = sent.GetValueOrDefault(receipt.From) + 1;
            }

            parent = block;
        }

        foreach (var (sender, count) in sent)
        {
            Assert.Equal(count, (int)(await ledger.GetAccountAsync(sender, BlockTag.Latest, ct)).Nonce);
        }

        // A sends one anchor per record it created, and its fulfilments: one transaction per share, or fewer when
        // FulfilmentBatcher puts the ones queued behind a send into one recordFulfilments (how many depends on timing;
        // that every share was fulfilled once is checked through A's audit). B sends a grant and a request per share.
        var fulfilmentTransactions = sent.GetValueOrDefault(net.A.Address.Lower) - log.Created.Count(c => c.Hospital == net.A);
        Assert.InRange(fulfilmentTransactions, log.Received.IsEmpty ? 0 : 1, log.Received.Count);
        Assert.Equal(log.Created.Count(c => c.Hospital == net.B) + log.Grants.Count + log.Received.Count, sent.GetValueOrDefault(net.B.Address.Lower));
    }

    /// <summary>What the clients were told succeeded (acknowledged), to compare against every store at the end.</summary>
    private sealed class ActionLog
    {
        public ConcurrentBag<(HospitalService Hospital, int Patient, RecordCreated Record)> Created { get; } = [];

        public ConcurrentBag<(HospitalService Hospital, int Patient, string LocalId)> Visits { get; } = [];

        public ConcurrentBag<(int Patient, GrantAccepted Grant)> Grants { get; } = [];

        public ConcurrentBag<(int Patient, RecordReceived Received)> Received { get; } = [];

        public ConcurrentDictionary<int, int> IndexAnchors { get; } = new();
    }
}
