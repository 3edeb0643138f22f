namespace EmrShare.Web.Tests.Support;

/// <summary>The API integration tests share one <see cref="WebNetwork"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebNetwork>
{
    public const string Name = "web network";
}
