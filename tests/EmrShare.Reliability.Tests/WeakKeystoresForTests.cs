using System.Runtime.CompilerServices;

namespace EmrShare.Reliability.Tests;

/// <summary>Test suites create many keystores: the test-only switch lowers the keystore policy's cost (child processes inherit it).</summary>
internal static class WeakKeystoresForTests
{
    [ModuleInitializer]
    internal static void Allow() => Environment.SetEnvironmentVariable(EmrShare.Core.Keys.KeystorePolicy.TestOnlyVariable, "1");
}
