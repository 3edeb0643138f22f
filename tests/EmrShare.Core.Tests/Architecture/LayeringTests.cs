using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EmrShare.Core.Tests.Architecture;

/// <summary>
/// Issue 20: dependencies point down (docs/architecture.md). Each product project may reference only the projects
/// below it, and the raw chain library (Nethereum) stays behind EmrShare.Chain and EmrShare.Ledger: the files above
/// them that still name it are listed here and may only shrink.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>The allowed project references of every project under src/ (the layer map in docs/architecture.md).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["EmrShare.Core"] = [],
        ["EmrShare.Fhir"] = ["EmrShare.Core"],
        ["EmrShare.Storage"] = ["EmrShare.Core"],
        ["EmrShare.Ledger"] = ["EmrShare.Core"],
        ["EmrShare.Chain"] = ["EmrShare.Core"],
        ["EmrShare.ServiceDefaults"] = ["EmrShare.Core"],
        ["EmrShare.Nodes"] = ["EmrShare.Core", "EmrShare.Chain", "EmrShare.Ledger", "EmrShare.Storage", "EmrShare.Fhir", "EmrShare.ServiceDefaults"],
        ["EmrShare.Web"] = ["EmrShare.Nodes", "EmrShare.ServiceDefaults"],
        ["EmrShare.Cli"] = ["EmrShare.Nodes", "EmrShare.Web"],
        ["EmrShare.Wallet"] = ["EmrShare.Core", "EmrShare.Chain"],
    };

    /// <summary>
    /// Files above the chain layer that still name Nethereum types (issue 20 item 3 moves them behind
    /// EmrShare.Chain). A new file on this list fails the test; a file that stops naming Nethereum must leave it.
    /// </summary>
    private static readonly string[] NethereumAboveChain =
    [
        "src/EmrShare.Cli/Commands/DemoChain.cs",
        "src/EmrShare.Cli/Commands/DemoWebNetwork.cs",
        "src/EmrShare.Cli/Commands/LedgerCommand.cs",
        "src/EmrShare.Cli/Commands/Shared/CliErrors.cs",
        "src/EmrShare.Nodes/Center/CenterService.cs",
        "src/EmrShare.Nodes/Center/PeerDirectory.cs",
        "src/EmrShare.Nodes/Chain/ChainAccess.cs",
        "src/EmrShare.Nodes/Chain/ChainUnavailableClient.cs",
        "src/EmrShare.Nodes/Deployment/CenterLedger.cs",
        "src/EmrShare.Nodes/Deployment/SignedRevocation.cs",
        "src/EmrShare.Nodes/Hospital/AccessRequestWatcher.cs",
        "src/EmrShare.Nodes/Hospital/HospitalOptions.cs",
        "src/EmrShare.Nodes/Hospital/HospitalService.Demographics.cs",
        "src/EmrShare.Nodes/Hospital/HospitalService.Records.cs",
        "src/EmrShare.Nodes/Hospital/HospitalService.cs",
        "src/EmrShare.Nodes/Patient/PatientWallet.cs",
        "src/EmrShare.Nodes/StoreAccess/AccountRequestSigner.cs",
        "src/EmrShare.Nodes/Transport/TransportFailure.cs",
        "src/EmrShare.Web/Services/ChainExplorer.Addresses.cs",
        "src/EmrShare.Web/Services/ChainExplorer.cs",
        "src/EmrShare.Web/Services/EventCatalog.cs",
    ];

    [Fact]
    public void ProjectReferences_OnlyPointDownTheLayerMap()
    {
        var projects = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories);
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), projects.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var references = ProjectReferences(project);
            var outside = references.Except(Allowed[name], StringComparer.Ordinal).ToList();
            Assert.True(outside.Count == 0, $"{name} references {string.Join(", ", outside)}, which docs/architecture.md does not allow");
        }
    }

    [Fact]
    public void Nethereum_NamedAboveTheChainLayerOnlyInTheListedFiles()
    {
        var naming = new[] { "EmrShare.Nodes", "EmrShare.Web", "EmrShare.Cli" }
            .SelectMany(p => Directory.GetFiles(Path.Combine(Root, "src", p), "*.*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)) && !IsBuildOutput(f))
            .Where(f => File.ReadAllText(f).Contains("Nethereum", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var added = naming.Except(NethereumAboveChain, StringComparer.Ordinal).ToList();
        var gone = NethereumAboveChain.Except(naming, StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0, "new files above EmrShare.Chain name Nethereum (use EmrShare.Chain's types instead): " + string.Join(", ", added));
        Assert.True(gone.Count == 0, "these files no longer name Nethereum; take them off the list: " + string.Join(", ", gone));
    }

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmrShare.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (EmrShare.slnx) is not above the test's folder");
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static List<string> ProjectReferences(string project) =>
        [.. XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => ProjectName().Match(r.Attribute("Include")?.Value ?? string.Empty))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"([^/\\]+)\.csproj$")]
    private static partial Regex ProjectName();
}
