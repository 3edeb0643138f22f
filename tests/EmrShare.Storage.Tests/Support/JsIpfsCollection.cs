namespace EmrShare.Storage.Tests.Support;

/// <summary>
/// Tests that use the shared js-ipfs daemon run one class at a time: one of them collects garbage on the
/// daemon, which must not race another class's unpinned blocks.
/// </summary>
[CollectionDefinition(Name)]
public sealed class JsIpfsCollection
{
    public const string Name = "js-ipfs daemon";
}
