using System.Reflection;
using System.Runtime.CompilerServices;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core;
using EmrShare.Core.Errors;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Hosting;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace EmrShare.Web.Tests.ErrorModel;

/// <summary>
/// Issue 20 item 1: one error model. Every exception type declared under src/ derives from <see cref="EmrShareException"/>,
/// declares its <see cref="ErrorKind"/>, and is reported the same way by all three hosts: the web app's status, the
/// CLI's exit code and the peer protocol's status all come from <see cref="ErrorTable"/>. A new exception type
/// without a kind fails here.
/// </summary>
public sealed class ErrorModelTests
{
    /// <summary>Every product assembly under src/ but the wasm wallet (not loadable here; see docs/architecture.md), by one type of each.</summary>
    private static readonly Assembly[] Products =
    [
        typeof(EmrShareException).Assembly, typeof(global::EmrShare.Fhir.EmrFormatException).Assembly, typeof(global::EmrShare.Storage.StorageException).Assembly,
        typeof(global::EmrShare.Ledger.LedgerException).Assembly, typeof(global::EmrShare.Chain.ChainException).Assembly,
        typeof(global::EmrShare.ServiceDefaults.ServiceConfigurationException).Assembly, typeof(global::EmrShare.Nodes.NodeException).Assembly,
        typeof(WebRefusalException).Assembly, typeof(CliErrors).Assembly,
    ];

    /// <summary>
    /// Types that must keep a framework base and so cannot derive from the root; they still declare a kind.
    /// CidFormatException stays a FormatException: every CID parser's caller catches FormatException.
    /// </summary>
    private static readonly string[] FrameworkBound = ["EmrShare.Storage.Multiformats.CidFormatException"];

    /// <summary>The exit codes docs/cli.md documents.</summary>
    private static readonly int[] DocumentedExitCodes =
        [ExitCodes.Failed, ExitCodes.Refused, ExitCodes.NotFound, ExitCodes.WrongPassphrase, ExitCodes.Unreachable, ExitCodes.TokenRefused, ExitCodes.Usage, ExitCodes.Interrupted];

    public static IEnumerable<Type> ExceptionTypes() =>
        Products.SelectMany(a => a.GetTypes())
            .Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Fact]
    public void ExceptionTypes_EveryProductAssembly_Walked()
    {
        var types = ExceptionTypes().ToList();
        Assert.True(types.Count >= 70, $"only {types.Count} exception types found");
        Assert.Equal(9, Products.Distinct().Count());
        Assert.All(Products, p => Assert.Contains(types, t => t.Assembly == p));
    }

    [Fact]
    public void EveryExceptionType_DerivesFromTheRootAndDeclaresAKind()
    {
        var wrong = new List<string>();
        foreach (var type in ExceptionTypes())
        {
            if (!type.IsSubclassOf(typeof(EmrShareException)) && !FrameworkBound.Contains(type.FullName))
            {
                wrong.Add($"{type.FullName} does not derive from EmrShareException");
            }

            if (type.GetCustomAttribute<ErrorKindAttribute>(inherit: false) is null)
            {
                wrong.Add($"{type.FullName} declares no [ErrorKind]");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void EveryKind_MapsToAStatusAnExitCodeAPeerCodeAndAFhirIssueType()
    {
        foreach (var kind in Enum.GetValues<ErrorKind>())
        {
            Assert.True(ErrorTable.All.ContainsKey(kind), $"{kind} is not in the table");
            var report = ErrorTable.For(kind);
            Assert.InRange(report.HttpStatus, 400, 599);
            Assert.Contains(report.ExitCode, DocumentedExitCodes);
            Assert.False(string.IsNullOrWhiteSpace(report.PeerCode));
            Assert.Equal(kind, ErrorTable.FromPeerCode(report.PeerCode));
            Assert.NotNull(EnumUtility.ParseLiteral<OperationOutcome.IssueType>(report.FhirIssueType));
            Assert.False(string.IsNullOrWhiteSpace(report.Title));
        }
    }

    [Fact]
    public void EveryExceptionType_ReportedByAllThreeHostsFromTheTable()
    {
        var wrong = new List<string>();
        foreach (var type in ExceptionTypes())
        {
            // Only the kind is read: no constructor runs, so every type can be checked whatever its parameters.
            var exception = (Exception)RuntimeHelpers.GetUninitializedObject(type);
            var report = ErrorTable.For(ErrorTable.KindOf(exception));
            var http = ProblemMapping.Classify(exception).Status;
            var exit = CliErrors.ExitCode(exception);
            var peer = PeerEndpoints.StatusOf(exception);
            if (http != report.HttpStatus || exit != report.ExitCode || peer != report.HttpStatus)
            {
                wrong.Add($"{type.FullName}: web {http}, exit {exit}, peer {peer}; the table says {report.HttpStatus}, {report.ExitCode}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void PeerRefusal_RemoteCodeOrStatus_KeepsTheRemoteKind()
    {
        Assert.Equal(ErrorKind.Tampered, new PeerRefusedException("RecordTamperedException", "m", 422, "tampered").Kind);
        Assert.Equal(ErrorKind.Gone, new PeerRefusedException("X", "m", 410, null).Kind);
        Assert.Equal(ErrorKind.UpstreamFailed, new PeerRefusedException("bare").Kind);
        Assert.Equal(ExitCodes.NotFound, CliErrors.ExitCode(new PeerRefusedException("UnknownEntityException", "m", 404, "not-found")));
    }

    [Fact]
    public void NodeRefusal_OperatorTokenRefused_ExitsWithTokenRefused()
    {
        Assert.Equal(ExitCodes.TokenRefused, CliErrors.Describe(new NodeRefusedException(System.Net.HttpStatusCode.Unauthorized, "expired")).Code);
        Assert.Equal(ExitCodes.Refused, CliErrors.Describe(new NodeRefusedException(System.Net.HttpStatusCode.Forbidden, "no")).Code);
        Assert.Equal(ExitCodes.NotFound, CliErrors.Describe(new NodeRefusedException(System.Net.HttpStatusCode.Gone, "erased")).Code);
        Assert.Equal(ExitCodes.Unreachable, CliErrors.Describe(new NodeRefusedException(System.Net.HttpStatusCode.GatewayTimeout, "slow")).Code);
    }

    [Fact]
    public void PeerError_TamperedRecord_Status422WithItsPeerCode()
    {
        var tampered = new RecordTamperedException("the tag does not verify");

        Assert.Equal(422, PeerEndpoints.StatusOf(tampered));
        Assert.Equal(new PeerError("RecordTamperedException", "the tag does not verify", "tampered"), PeerEndpoints.ErrorOf(tampered));
    }

    [Fact]
    public void PeerError_StoreRefusal_StatusOfItsKindButOnlyItsTitle()
    {
        // A store's message may name a CID: only the node, format and security layers' messages cross to a peer.
        var missing = new global::EmrShare.Storage.BlobNotFoundException("bafy-not-for-peers");

        Assert.Equal(404, PeerEndpoints.StatusOf(missing));
        Assert.Equal(new PeerError("BlobNotFoundException", "Not found", "not-found"), PeerEndpoints.ErrorOf(missing));
    }
}
