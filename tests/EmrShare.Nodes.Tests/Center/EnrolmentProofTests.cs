using EmrShare.Nodes.Center;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests.Center;

/// <summary>
/// The queue verifies each pseudonym's proof of possession (identity key and salt open the commitment, identity and
/// pseudonym keys both signed, this chain and Registry) before anything is queued.
/// </summary>
public sealed class EnrolmentProofTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task EnqueueAsync_ValidProofs_Queued()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await EnrolmentTestBed.DeployAsync(ledger.Access, ct);
        var queue = await bed.OpenQueueAsync(roundSize: 3, ct);

        Assert.Equal(1, (await queue.EnqueueAsync(bed.NewRequest(), ct)).Pending);
    }

    [Fact]
    public async Task EnqueueAsync_MissingForeignOrForgedProof_RefusedAndNothingQueued()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await EnrolmentTestBed.DeployAsync(ledger.Access, ct);
        var queue = await bed.OpenQueueAsync(roundSize: 3, ct);
        var good = bed.NewRequest();
        var other = bed.NewRequest();
        var forged = good.Proofs[0] with { PseudonymSignature = good.Proofs[0].IdentitySignature };
        PatientRegistrationRequest[] bad =
        [
            good with { Proofs = [] },
            good with { Proofs = good.Proofs.Skip(1).ToList() },
            good with { IdentityCommitment = other.IdentityCommitment },
            good with { Pseudonyms = [EnrolmentTestBed.NewAddress(), .. good.Pseudonyms.Skip(1)] },
            good with { Proofs = [forged, .. good.Proofs.Skip(1)] },
            good with { Proofs = [.. other.Proofs.Take(1), .. good.Proofs.Skip(1)] },
        ];

        foreach (var request in bad)
        {
            var refused = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => queue.EnqueueAsync(request, ct));
            Assert.Equal(EnrolmentRefusal.InvalidRequest, refused.Reason);
        }

        Assert.Equal(0, (await queue.GetStatusAsync(ct)).Pending);
    }
}
