using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests.Fuzz;

/// <summary>The fuzz tests share their own <see cref="WebNetwork"/> (apart from the integration tests' state).</summary>
[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<WebNetwork>
{
    public const string Name = "fuzz network";
}
