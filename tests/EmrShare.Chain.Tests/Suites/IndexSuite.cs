using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>Index: sequence rules and who may anchor.</summary>
public abstract class IndexSuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    [Fact]
    public async Task AnchorIndex_Sequence1Then2_LatestAndHistoryKept()
    {
        var (h1, h2) = (TestIds.Random(), TestIds.Random());
        var index = As(IndexAccount).Index;
        Assert.Equal(new IndexAnchor(Bytes32.Zero, 0), await index.GetLatestIndexAsync(IndexAccount.Address, Ct));

        await index.AnchorIndexAsync(h1, 1, Ct);
        await index.AnchorIndexAsync(h2, 2, Ct);

        Assert.Equal(new IndexAnchor(h2, 2), await index.GetLatestIndexAsync(IndexAccount.Address, Ct));
        Assert.Equal(h1, await index.GetIndexHashAtAsync(IndexAccount.Address, 1, Ct));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(2UL)]
    [InlineData(ulong.MaxValue)]
    public async Task AnchorIndex_FirstSequenceNotOne_RevertsSequenceMismatch(ulong sequence) =>
        await AssertRevertsAsync("IndexSequenceMismatch", () => As(IndexAccount).Index.AnchorIndexAsync(TestIds.Random(), sequence, Ct));

    [Fact]
    public async Task AnchorIndex_ReplayedSequence_RevertsSequenceMismatch()
    {
        await As(IndexAccount).Index.AnchorIndexAsync(TestIds.Random(), 1, Ct);
        await AssertRevertsAsync("IndexSequenceMismatch", () => As(IndexAccount).Index.AnchorIndexAsync(TestIds.Random(), 1, Ct));
    }

    [Fact]
    public async Task AnchorIndex_SkippedSequence_RevertsSequenceMismatch()
    {
        await As(IndexAccount).Index.AnchorIndexAsync(TestIds.Random(), 1, Ct);
        await AssertRevertsAsync("IndexSequenceMismatch", () => As(IndexAccount).Index.AnchorIndexAsync(TestIds.Random(), 3, Ct));
    }

    [Fact]
    public async Task AnchorIndex_ZeroHash_RevertsZeroHash() =>
        await AssertRevertsAsync("IndexZeroHash", () => As(IndexAccount).Index.AnchorIndexAsync(Bytes32.Zero, 1, Ct));

    [Fact]
    public async Task AnchorIndex_ByUnregisteredOrHospital_RevertsNotPatientPseudonym()
    {
        await AssertRevertsAsync("IndexNotPatientPseudonym", () => As(Outsider).Index.AnchorIndexAsync(TestIds.Random(), 1, Ct));
        await AssertRevertsAsync("IndexNotPatientPseudonym", () => As(HospitalA).Index.AnchorIndexAsync(TestIds.Random(), 1, Ct));
    }

    [Fact]
    public async Task AnchorIndex_TwoAccounts_SequencesIndependent()
    {
        await As(IndexAccount).Index.AnchorIndexAsync(TestIds.Random(), 1, Ct);
        await As(OtherPatient).Index.AnchorIndexAsync(TestIds.Random(), 1, Ct);
        Assert.Equal(1UL, (await As(Outsider).Index.GetLatestIndexAsync(OtherPatient.Address, Ct)).Sequence);
    }
}
