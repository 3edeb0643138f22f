namespace EmrShare.Nodes.Tests.Processes;

/// <summary><c>Hospital:BreakGlassPolicy</c> of <c>hospital serve</c> (issue 16 #9): a value other than serve/refuse is refused, never ignored.</summary>
public sealed class BreakGlassPolicyConfigTests
{
    [Fact]
    public async Task HospitalServe_UnknownBreakGlassPolicy_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        var result = await ServeConfigErrors.ServeAsync(ws, "hospital",
            $$"""{ "Host": { "DataFolder": "{{ws.Root}}", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true }, "Hospital": { "BreakGlassPolicy": "sometimes" } }""");
        ServeConfigErrors.AssertOneLine(result, "config Hospital:BreakGlassPolicy: must be 'serve'");
    }
}
