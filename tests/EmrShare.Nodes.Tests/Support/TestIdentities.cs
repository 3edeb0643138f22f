using EmrShare.Core;
using EmrShare.Core.Identity;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>A fresh random patient identity for a test network (any key shape must work).</summary>
internal static class TestIdentities
{
    public static PatientIdentity Create(IEnumerable<ChainAddress> hospitals)
    {
        ArgumentNullException.ThrowIfNull(hospitals);
        return PatientIdentity.Create();
    }
}
