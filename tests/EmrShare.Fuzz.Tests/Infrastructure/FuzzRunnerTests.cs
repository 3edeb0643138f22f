using Xunit.Sdk;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>The harness itself: a fuzz target that passes here can fail, and a failure names seed, case and input.</summary>
public sealed class FuzzRunnerTests
{
    [Fact]
    public async Task RunAsync_UndocumentedException_FailsWithSeedCaseAndInput()
    {
        var target = FuzzTarget<int>.Sync(
            "self-test.undocumented",
            random => random.Next(100),
            n =>
            {
                if (n == 42)
                {
                    throw new InvalidOperationException("boom");
                }

                if (n % 2 == 0)
                {
                    throw new FormatException("documented");
                }
            },
            e => e is FormatException,
            n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var failure = await Assert.ThrowsAsync<FailException>(() => FuzzRunner.RunAsync(target, 2_000, TestContext.Current.CancellationToken));

        Assert.Contains("undocumented exception", failure.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: boom", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"EMRSHARE_FUZZ_SEED={FuzzSettings.Seed}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("input: 42", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvariantViolation_Fails()
    {
        var target = FuzzTarget<int>.Sync(
            "self-test.invariant",
            random => random.Next(10),
            n => FuzzInvariantException.Require(n != 3, "three is not allowed"),
            _ => false,
            n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var failure = await Assert.ThrowsAsync<FailException>(() => FuzzRunner.RunAsync(target, 500, TestContext.Current.CancellationToken));

        Assert.Contains("three is not allowed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_GeneratorWithoutMalformedInputs_Fails()
    {
        var target = FuzzTarget<int>.Sync("self-test.no-rejections", random => random.Next(), _ => { }, _ => true, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var failure = await Assert.ThrowsAsync<TrueException>(() => FuzzRunner.RunAsync(target, 200, TestContext.Current.CancellationToken));

        Assert.Contains("no input was rejected", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CaseSlowerThanLimit_FailsAsSlowCase()
    {
        var target = new FuzzTarget<int>(
            "self-test.slow",
            _ => 0,
            async _ =>
            {
                await Task.Delay(FuzzSettings.SlowCase + TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
                throw new FormatException("documented");
            },
            e => e is FormatException,
            n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var failure = await Assert.ThrowsAsync<FailException>(() => FuzzRunner.RunAsync(target, 1, TestContext.Current.CancellationToken));

        Assert.Contains("slow case", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaseSeed_SameTargetAndIndex_SameSeed()
    {
        Assert.Equal(FuzzRunner.CaseSeed("x", 7), FuzzRunner.CaseSeed("x", 7));
        Assert.NotEqual(FuzzRunner.CaseSeed("x", 7), FuzzRunner.CaseSeed("x", 8));
        Assert.NotEqual(FuzzRunner.CaseSeed("x", 7), FuzzRunner.CaseSeed("y", 7));
    }
}
