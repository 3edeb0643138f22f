using EmrShare.TestSupport;
namespace EmrShare.Core.Tests;
public class HarnessSmokeTests
{
    [Fact]
    public void Root_Found_HasSolution() => Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "EmrShare.slnx")));
}
