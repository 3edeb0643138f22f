using EmrShare.Web.Auth;
using EmrShare.Web.Services;

namespace EmrShare.Web.Tests.Accounts;

/// <summary>ASVS v4 §2.1: length, no truncation, any Unicode, no composition rules, the common/breached list, not the user name.</summary>
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("short pass")]
    [InlineData("elevenchars")]
    [InlineData("")]
    public void Check_ShorterThanTwelve_Refused(string password)
    {
        var verdict = PasswordPolicy.Check("dr.alvarez", password);
        Assert.False(verdict.Accepted);
        Assert.Contains("12 characters", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TwelveCodePointsOfAnyScript_Accepted()
    {
        // 12 code points, 4 of them outside the BMP (surrogate pairs): length counts characters, not UTF-16 units.
        Assert.True(PasswordPolicy.Check("dr.alvarez", "ñandú 🐢🐢🐢🐢 ok").Accepted);
        Assert.True(PasswordPolicy.Check("dr.alvarez", "пароль врача").Accepted);
        Assert.False(PasswordPolicy.Check("dr.alvarez", "🐢🐢🐢🐢🐢🐢").Accepted); // 12 UTF-16 units but 6 characters
    }

    [Fact]
    public void Check_LongPassphraseWithoutCompositionRules_Accepted()
    {
        var passphrase = string.Join(' ', Enumerable.Repeat("lantern orchard velvet", 10)) + " glacier"; // > 200 characters, lower case only
        Assert.True(passphrase.Length > 200);
        Assert.True(PasswordPolicy.Check("dr.alvarez", passphrase).Accepted);
        Assert.True(PasswordPolicy.Check("dr.alvarez", "just lower case words here").Accepted);
    }

    [Theory]
    [InlineData("qwerty123456")]
    [InlineData("1q2w3e4r5t6y")]
    [InlineData("Password1234567")]
    [InlineData("monkeymonkeymonkey")]
    [InlineData("iloveyou!!!!!!")]
    public void Check_CommonOrBreached_Refused(string password)
    {
        var verdict = PasswordPolicy.Check("dr.alvarez", password);
        Assert.False(verdict.Accepted);
        Assert.Contains("common or breached", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CommonList_Bundled_HoldsTenThousandEntries()
    {
        Assert.InRange(PasswordPolicy.CommonListSize, 10_000, 11_000);
    }

    [Theory]
    [InlineData("dr.alvarez", "my name is DR.ALVAREZ ok")]
    [InlineData("nurse.kim", "nurse.kim rides a bicycle")]
    public void Check_ContainsUserName_Refused(string user, string password)
    {
        var verdict = PasswordPolicy.Check(user, password);
        Assert.False(verdict.Accepted);
        Assert.Contains("user name", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TooLong_RefusedWithoutTruncation()
    {
        Assert.False(PasswordPolicy.Check("dr.alvarez", new string('x', 600) + new string('y', 600)).Accepted);
        // Two passwords that differ only after character 100 hash differently: nothing is truncated.
        var prefix = new string('k', 100);
        var hash = PasswordHash.Create(prefix + " first ending");
        Assert.False(PasswordHash.Verify(prefix + " other ending", hash));
    }

    [Fact]
    public void Enforce_Refused_ThrowsOnPasswordField()
    {
        var ex = Assert.Throws<RequestValidationException>(() => PasswordPolicy.Enforce("dr.alvarez", "password"));
        Assert.True(ex.Errors.ContainsKey("password"));
    }
}
