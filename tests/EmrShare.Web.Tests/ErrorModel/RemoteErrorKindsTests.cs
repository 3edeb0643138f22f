using EmrShare.Cli.Commands.Shared;
using EmrShare.Core.Errors;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Tests.ErrorModel;

/// <summary>
/// A remote node's error kind must not set OUR status or exit code for its own fault, usage error, cancellation or
/// credential refusal (docs/threat-model.md, remote error kinds): those are an upstream failure (502, exit 2); the
/// kinds describing the request or the remote data pass through.
/// </summary>
public sealed class RemoteErrorKindsTests
{
    public static TheoryData<string?, int, int, int> PeerRefusals => new()
    {
        // peer code, peer status, our HTTP status, our exit code
        { "unexpected", 500, 502, ExitCodes.Refused },
        { null, 500, 502, ExitCodes.Refused },
        { "usage", 500, 502, ExitCodes.Refused },
        { "cancelled", 499, 502, ExitCodes.Refused },
        { "credentials-refused", 401, 502, ExitCodes.Refused },
        { "unauthenticated", 401, 502, ExitCodes.Refused },
        { null, 401, 502, ExitCodes.Refused },
        { "wrong-passphrase", 401, 502, ExitCodes.Refused },
        { "not-found", 404, 404, ExitCodes.NotFound },
        { "rate-limited", 429, 429, ExitCodes.Refused },
        { "timeout", 504, 504, ExitCodes.Unreachable },
    };

    [Theory]
    [MemberData(nameof(PeerRefusals))]
    public void PeerRefusal_RemoteKind_ReadsAsLocalKind(string? peerCode, int peerStatus, int httpStatus, int exitCode)
    {
        var refusal = new PeerRefusedException("RemoteException", "m", peerStatus, peerCode);

        Assert.Equal(httpStatus, ProblemMapping.Classify(refusal).Status);
        Assert.Equal(exitCode, CliErrors.ExitCode(refusal));
    }

    [Theory]
    [InlineData(500, 502, ExitCodes.Refused)]
    [InlineData(401, 401, ExitCodes.TokenRefused)]
    [InlineData(403, 403, ExitCodes.Refused)]
    [InlineData(503, 503, ExitCodes.Unreachable)]
    public void NodeRefusal_NodeStatus_ReadsAsLocalKind(int nodeStatus, int httpStatus, int exitCode)
    {
        var refusal = new NodeRefusedException((System.Net.HttpStatusCode)nodeStatus, "d");

        Assert.Equal(httpStatus, ErrorTable.For(refusal.Kind).HttpStatus);
        Assert.Equal(exitCode, CliErrors.ExitCode(refusal));
    }

    [Fact]
    public void Localize_EveryKind_OnlyTheRequestAndDataKindsPassThrough()
    {
        ErrorKind[] passing = [ErrorKind.Refused, ErrorKind.NotFound, ErrorKind.Gone, ErrorKind.Conflict, ErrorKind.Invalid,
            ErrorKind.Unprocessable, ErrorKind.Tampered, ErrorKind.Unavailable, ErrorKind.Timeout, ErrorKind.RateLimited];

        foreach (var kind in Enum.GetValues<ErrorKind>())
        {
            Assert.Equal(passing.Contains(kind) ? kind : ErrorKind.UpstreamFailed, RemoteErrorKinds.Localize(kind));
        }
    }
}
