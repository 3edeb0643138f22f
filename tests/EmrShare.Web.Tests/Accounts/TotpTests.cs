using EmrShare.Web.Auth;

namespace EmrShare.Web.Tests.Accounts;

/// <summary>RFC 6238 Appendix B (SHA-1 vectors) and the window/replay rules.</summary>
public sealed class TotpTests
{
    private static readonly byte[] RfcKey = "12345678901234567890"u8.ToArray();

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Compute_Rfc6238AppendixB_Sha1Vectors(long unixTime, string expected)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixTime));
        Assert.Equal(expected, Totp.Compute(RfcKey, step, digits: 8));
        Assert.Equal(expected[2..], Totp.Compute(RfcKey, step)); // 6 digits = the last six of the 8-digit value
    }

    [Fact]
    public void Match_OneStepEitherSide_AcceptedTwoStepsRefused()
    {
        var secret = Totp.NewSecret();
        var key = Convert.FromHexString(HexOf(secret));
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);
        var step = Totp.StepAt(now);
        Assert.Equal(step, Totp.Match(secret, Totp.Compute(key, step), now, 0));
        Assert.Equal(step - 1, Totp.Match(secret, Totp.Compute(key, step - 1), now, 0));
        Assert.Equal(step + 1, Totp.Match(secret, Totp.Compute(key, step + 1), now, 0));
        Assert.Null(Totp.Match(secret, Totp.Compute(key, step - 2), now, 0));
        Assert.Null(Totp.Match(secret, Totp.Compute(key, step + 2), now, 0));
        Assert.Null(Totp.Match(secret, "12345", now, 0));
        Assert.Null(Totp.Match(secret, "abcdef", now, 0));
    }

    [Fact]
    public void Match_StepAlreadyUsed_Refused()
    {
        var secret = Totp.NewSecret();
        var key = Convert.FromHexString(HexOf(secret));
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);
        var step = Totp.StepAt(now);
        Assert.Null(Totp.Match(secret, Totp.Compute(key, step), now, lastUsedStep: step));
    }

    [Fact]
    public void EnrolmentUri_CarriesSecretAndParameters()
    {
        var uri = Totp.EnrolmentUri("EmrShare Hospital A", "boss", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        Assert.StartsWith("otpauth://totp/EmrShare%20Hospital%20A:boss?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", uri, StringComparison.Ordinal);
        Assert.Contains("algorithm=SHA1&digits=6&period=30", uri, StringComparison.Ordinal);
    }

    private static string HexOf(string base32)
    {
        Assert.True(EmrShare.Storage.Multiformats.Base32Lower.TryDecode(base32.ToLowerInvariant(), out var bytes));
        return Convert.ToHexString(bytes);
    }
}
