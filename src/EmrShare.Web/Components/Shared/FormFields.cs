namespace EmrShare.Web.Components.Shared;

/// <summary>
/// Reads the posted form of a static-rendered page. The dashboards' forms are plain HTML posts (several per page,
/// checkbox lists, file uploads), so reading the request form directly is simpler and more predictable than
/// model binding; every value is validated by the desk services anyway.
/// </summary>
internal static class FormFields
{
    public static string? Get(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        var value = context.Request.Form[name].ToString();
        return value.Length == 0 ? null : value;
    }

    public static IReadOnlyList<string> All(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.HasFormContentType
            ? [.. context.Request.Form[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)]
            : [];
    }

    /// <summary>The uploaded file's bytes, if one was posted under <paramref name="name"/> (bounded by the app's body limit).</summary>
    public static async Task<byte[]?> FileAsync(HttpContext context, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasFormContentType || context.Request.Form.Files.GetFile(name) is not { Length: > 0 } file)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
