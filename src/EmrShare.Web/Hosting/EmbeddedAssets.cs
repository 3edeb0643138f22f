namespace EmrShare.Web.Hosting;

/// <summary>
/// The stylesheet is an embedded resource, so the app looks the same whether it runs from a build folder, a
/// published folder or inside the emrshare CLI (no static-web-assets manifest involved).
/// </summary>
internal static class EmbeddedAssets
{
    private static readonly Lazy<byte[]> Css = new(() => Read("EmrShare.Web.Assets.app.css"));

    private static readonly Lazy<byte[]> FormsScript = new(() => Read("EmrShare.Web.Assets.app.js"));

    public static IResult Stylesheet() => TypedResults.Bytes(Css.Value, "text/css; charset=utf-8");

    /// <summary>The dashboards' one script (app.js): busy state on every form's buttons (progressive: forms work without it).</summary>
    public static IResult Script() => TypedResults.Bytes(FormsScript.Value, "text/javascript; charset=utf-8");

    private static byte[] Read(string name)
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded asset {name} is missing from the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
