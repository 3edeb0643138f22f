namespace EmrShare.Nodes.Tests.Processes;

/// <summary><c>Hospital:RemoteCheckIns</c> of <c>hospital serve --config</c> (issue 17): a value other than refuse/allow is refused at start-up, never ignored.</summary>
public sealed class RemoteCheckInsConfigTests
{
    [Fact]
    public async Task HospitalServe_UnknownRemoteCheckIns_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        var result = await ServeConfigErrors.ServeAsync(ws, "hospital",
            $$"""{ "Host": { "DataFolder": "{{ws.Root}}", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true }, "Hospital": { "RemoteCheckIns": "sometimes" } }""");
        ServeConfigErrors.AssertOneLine(result, "config Hospital:RemoteCheckIns: must be 'refuse'");
    }
}
