namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>The wallet's browser tests share one published wallet on one static host.</summary>
[CollectionDefinition(Name)]
public sealed class WalletCollection : ICollectionFixture<WalletHostFixture>
{
    public const string Name = "wallet";
}
