using EmrShare.Nodes.Center;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests.Center;

/// <summary>
/// The Center's enrolment queue on the real embedded ledger and a real SQLite file: nothing reaches the chain until k
/// patients wait, the k-th runs one round, pending requests survive a restart, duplicates are refused typed, and an
/// early round must be forced and reports its (small) anonymity set.
/// </summary>
public sealed class EnrolmentQueueTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task EnqueueAsync_BelowRoundSize_WritesNothingOnChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await EnrolmentTestBed.DeployAsync(ledger.Access, ct);
        var queue = await bed.OpenQueueAsync(roundSize: 3, ct);
        var before = await bed.BlockNumberAsync();
        var first = bed.NewRequest();
        var second = bed.NewRequest();

        var t1 = await queue.EnqueueAsync(first, ct);
        var t2 = await queue.EnqueueAsync(second, ct);

        Assert.Equal((1, 3), (t1.Pending, t1.RoundSize));
        Assert.Equal(2, t2.Pending);
        Assert.Null(t1.Round);
        Assert.Null(t2.Round);
        Assert.Equal(before, await bed.BlockNumberAsync());
        Assert.False(await bed.IsAnythingRegisteredAsync(first, ct));
        Assert.False(await bed.IsAnythingRegisteredAsync(second, ct));
    }

    [Fact]
    public async Task EnqueueAsync_KthRequest_RunsOneRoundAndEmptiesQueue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await EnrolmentTestBed.DeployAsync(ledger.Access, ct);
        var queue = await bed.OpenQueueAsync(roundSize: 3, ct);
        var requests = Enumerable.Range(0, 3).Select(_ => bed.NewRequest()).ToList();

        await queue.EnqueueAsync(requests[0], ct);
        await queue.EnqueueAsync(requests[1], ct);
        var ticket = await queue.EnqueueAsync(requests[2], ct);

        var round = Assert.IsType<EnrolmentRound>(ticket.Round);
        Assert.Equal(0, ticket.Pending);
        Assert.Equal(3, round.Patients);
        Assert.False(round.BelowRoundSize);
        Assert.Equal(
            [.. Enumerable.Repeat(EnrolmentStep.RegisterPatient, 3), EnrolmentStep.RegisterPseudonyms, .. Enumerable.Repeat(EnrolmentStep.FundIndexAccount, 3)],
            round.Transactions.Select(s => s.Step));
        Assert.Single(round.Transactions, s => s.Step == EnrolmentStep.RegisterPseudonyms);
        foreach (var request in requests)
        {
            Assert.True(await bed.IsFullyRegisteredAsync(request, ct));
            Assert.Equal(Nethereum.Web3.Web3.Convert.ToWei(0.5m), await bed.BalanceWeiAsync(request.IndexAccount));
        }

        var status = await queue.GetStatusAsync(ct);
        Assert.Equal(0, status.Pending);
        var summary = Assert.Single(status.Rounds);

        // The enrolled requests are gone from the queue's files, not only from its tables.
        queue.Dispose();
        var files = string.Concat(Directory.GetFiles(bed.Folder).Select(f => Convert.ToHexStringLower(File.ReadAllBytes(f)) + System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.Contains(round.Transactions[0].Receipt.TransactionHash[2..], files, StringComparison.Ordinal); // positive control: history is kept
        foreach (var request in requests)
        {
            Assert.DoesNotContain(request.IdentityCommitment.ToString()[2..], files, StringComparison.OrdinalIgnoreCase);
            Assert.All(request.Pseudonyms.Append(request.IndexAccount), a => Assert.DoesNotContain(a.Lower[2..], files, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal((round.Number, 3, false), (summary.Number, summary.Patients, summary.BelowRoundSize));
        Assert.Equal(round.Transactions.Select(s => s.Receipt.TransactionHash), summary.TransactionHashes);
    }

    [Fact]
    public async Task OpenAsync_Reopened_KeepsPendingEntriesAndTheirDuplicateChecks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await EnrolmentTestBed.DeployAsync(ledger.Access, ct);
        var first = await bed.OpenQueueAsync(roundSize: 3, ct);
        var a = bed.NewRequest();
        var b = bed.NewRequest();
        await first.EnqueueAsync(a, ct);
        await first.EnqueueAsync(b, ct);
        first.Dispose();

        var reopened = await bed.OpenQueueAsync(roundSize: 3, ct);
        var status = await reopened.GetStatusAsync(ct);
        var refused = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => reopened.EnqueueAsync(a, ct));
        var ticket = await reopened.EnqueueAsync(bed.NewRequest(), ct);

        Assert.Equal(2, status.Pending);
        Assert.Equal(EnrolmentRefusal.AlreadyQueued, refused.Reason);
        Assert.Equal(3, ticket.Round?.Patients);
        Assert.True(await bed.IsFullyRegisteredAsync(a, ct));
        Assert.True(await bed.IsFullyRegisteredAsync(b, ct));
    }

    [Fact]
    public async Task EnqueueAsync_QueuedOrRegisteredOrMalformed_RefusedTypedAndNothingSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await EnrolmentTestBed.DeployAsync(ledger.Access, ct);
        var hospital = Hospital.HospitalKeys.Generate(Ledger.LedgerOptions.DevPrivateKeys[1]);
        await bed.Center.RegisterHospitalAsync(hospital.Address, hospital.EncryptionPublicKey, "Hospital H", ct);
        await bed.Center.RegisterPractitionerAsync(hospital.PractitionerAddresses[0], hospital.Address, ct);
        var registered = bed.NewRequest();
        await bed.Center.RegisterPatientsAsync([registered], 0m, ct);
        var queue = await bed.OpenQueueAsync(roundSize: 4, ct);
        var queued = bed.NewRequest();
        await queue.EnqueueAsync(queued, ct);
        var before = await bed.BlockNumberAsync();

        var cases = new (EnrolmentRefusal Reason, Deployment.PatientRegistrationRequest Request)[]
        {
            (EnrolmentRefusal.AlreadyQueued, queued with { Pseudonyms = [EnrolmentTestBed.NewAddress()], IndexAccount = EnrolmentTestBed.NewAddress() }),
            (EnrolmentRefusal.AlreadyQueued, bed.NewRequest() with { Pseudonyms = [EnrolmentTestBed.NewAddress(), queued.Pseudonyms[1]] }),
            (EnrolmentRefusal.AlreadyQueued, bed.NewRequest() with { IndexAccount = queued.IndexAccount }),
            (EnrolmentRefusal.AlreadyRegistered, bed.NewRequest() with { IdentityCommitment = registered.IdentityCommitment }),
            (EnrolmentRefusal.AlreadyRegistered, bed.NewRequest() with { Pseudonyms = [registered.Pseudonyms[0]] }),
            (EnrolmentRefusal.AlreadyRegistered, bed.NewRequest() with { Pseudonyms = [EnrolmentTestBed.NewAddress(), hospital.Address] }),
            (EnrolmentRefusal.AlreadyRegistered, bed.NewRequest() with { IndexAccount = hospital.PractitionerAddresses[0] }),
            (EnrolmentRefusal.InvalidRequest, bed.NewRequest() with { IdentityCommitment = Core.Hash32.Zero }),
            (EnrolmentRefusal.InvalidRequest, bed.NewRequest() with { Pseudonyms = [] }),
            (EnrolmentRefusal.InvalidRequest, queued with { IdentityCommitment = bed.NewRequest().IdentityCommitment, Pseudonyms = [queued.IndexAccount], IndexAccount = queued.IndexAccount }),
        };

        foreach (var (reason, request) in cases)
        {
            var refused = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => queue.EnqueueAsync(request, ct));
            Assert.Equal(reason, refused.Reason);
            Assert.DoesNotContain(request.IdentityCommitment.ToString(), refused.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(1, (await queue.GetStatusAsync(ct)).Pending);
        Assert.Equal(before, await bed.BlockNumberAsync());
    }

    [Fact]
    public async Task EnrolNowAsync_BelowRoundSize_RefusedUnlessForcedThenReportsAnonymitySet()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await EnrolmentTestBed.DeployAsync(ledger.Access, ct);
        var queue = await bed.OpenQueueAsync(roundSize: 16, ct);
        var empty = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => queue.EnrolNowAsync(belowRoundSize: true, ct));
        var requests = new[] { bed.NewRequest(), bed.NewRequest() };
        foreach (var request in requests)
        {
            await queue.EnqueueAsync(request, ct);
        }

        var before = await bed.BlockNumberAsync();
        var unforced = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => queue.EnrolNowAsync(belowRoundSize: false, ct));
        var unchanged = await bed.BlockNumberAsync();
        var round = await queue.EnrolNowAsync(belowRoundSize: true, ct);

        Assert.Equal(EnrolmentRefusal.QueueEmpty, empty.Reason);
        Assert.Equal(EnrolmentRefusal.BelowRoundSize, unforced.Reason);
        Assert.Contains("2 of 16", unforced.Message, StringComparison.Ordinal);
        Assert.Equal(before, unchanged);
        Assert.Equal(2, round.Patients);
        Assert.True(round.BelowRoundSize);
        Assert.True(Assert.Single((await queue.GetStatusAsync(ct)).Rounds).BelowRoundSize);
        Assert.True(await bed.IsFullyRegisteredAsync(requests[0], ct));
        Assert.True(await bed.IsFullyRegisteredAsync(requests[1], ct));
        Assert.Equal(0, (await queue.GetStatusAsync(ct)).Pending);
    }

    [Fact]
    public async Task EnqueueAsync_ConcurrentRequests_RunExactlyOneRound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await EnrolmentTestBed.DeployAsync(ledger.Access, ct);
        var queue = await bed.OpenQueueAsync(roundSize: 4, ct, indexGas: 0m);
        var requests = Enumerable.Range(0, 4).Select(_ => bed.NewRequest(1)).ToList();

        var tickets = await Task.WhenAll(requests.Select(r => Task.Run(() => queue.EnqueueAsync(r, ct), ct)));

        var round = Assert.Single(tickets, t => t.Round is not null).Round!;
        Assert.Equal(4, round.Patients);
        Assert.Equal(5, round.Transactions.Count);
        Assert.Single((await queue.GetStatusAsync(ct)).Rounds);
        foreach (var request in requests)
        {
            Assert.True(await bed.IsFullyRegisteredAsync(request, ct));
        }
    }
}
