using EmrShare.Nodes;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>What a write on a full or read-only data folder may fail with: a typed storage refusal, never a raw SqliteException.</summary>
internal static class StorageRefusal
{
    /// <summary>The node's <see cref="StorageUnavailableException"/> (the embedded store's refusal is translated at the node edge).</summary>
    public static void AssertTyped(Exception refused) =>
        Assert.True(refused is StorageUnavailableException, $"expected a typed storage refusal, got {refused}");
}
