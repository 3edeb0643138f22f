using EmrShare.Core.Merkle;

namespace EmrShare.Core.Tests.Merkle;

public sealed class GrantScopeTests
{
    [Fact]
    public void Of_NoRecords_ZeroMeaningAll()
    {
        Assert.Equal(Hash32.Zero, GrantScope.Of([]));
        Assert.Empty(GrantScope.Proof([], RecordId.New())!);
    }

    [Fact]
    public void Of_ListedRecords_MerkleRootOfScopeLeavesAndEachProofVerifies()
    {
        var records = Enumerable.Range(0, 5).Select(_ => RecordId.New()).ToList();

        var scope = GrantScope.Of(records);

        Assert.Equal(new MerkleTree([.. records.Select(MerkleLeaves.ForScope)]).Root, scope);
        Assert.All(records, r => Assert.True(MerkleTree.Verify(MerkleLeaves.ForScope(r), GrantScope.Proof(records, r)!, scope)));
        Assert.Null(GrantScope.Proof(records, RecordId.New()));
    }

    [Fact]
    public void Problem_AtTheLimit_NoneAboveItOrRepeatedOrMissing_SaysWhy()
    {
        var atLimit = Enumerable.Range(0, GrantScope.MaxRecords).Select(_ => RecordId.New()).ToList();
        var repeated = new List<RecordId> { atLimit[0], atLimit[0] };

        Assert.Null(GrantScope.Problem(atLimit));
        Assert.Equal("at most 256 records per grant", GrantScope.Problem([.. atLimit, RecordId.New()]));
        Assert.Equal("each record only once", GrantScope.Problem(repeated));
        Assert.Equal("the grant's record list is missing", GrantScope.Problem(null));
        Assert.Throws<ArgumentException>(() => GrantScope.Of(repeated));
    }
}
