using EmrShare.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EmrShare.Web.Tests.Security;

public sealed class ProblemRedactionTests
{
    [Theory]
    [InlineData("no adapter for format 'secret-name' (registered: a, b)", "secret-name")]
    [InlineData("Literal \"Jane Doe\" is not valid", "Jane Doe")]
    [InlineData("record 0x1234abcd5678ef90 not found", "1234abcd")]
    [InlineData("MRN 12345678 unknown", "12345678")]
    public void Redact_QuotedOrIdLikeValues_Removed(string text, string secret)
    {
        var redacted = ProblemRedaction.Redact(text)!;
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(ProblemRedaction.Placeholder, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_FiveThousandIssues_CapsListAndReportsCount()
    {
        var problem = new ProblemDetails { Detail = "invalid" };
        problem.Extensions["issues"] = Enumerable.Range(0, 5_000).Select(i => new { code = "invalid", location = $"Bundle.entry[{i}]", message = $"value '{i}' bad" }).ToList();
        ProblemRedaction.Apply(new ProblemDetailsContext { HttpContext = new DefaultHttpContext(), ProblemDetails = problem });

        var issues = Assert.IsType<System.Text.Json.Nodes.JsonArray>(problem.Extensions["issues"]);
        Assert.Equal(ProblemRedaction.MaxIssues, issues.Count);
        Assert.Equal(5_000, problem.Extensions["issueCount"]);
        Assert.DoesNotContain("'7'", issues[7]!["message"]!.ToString(), StringComparison.Ordinal);
    }
}
