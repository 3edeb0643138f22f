namespace EmrShare.Cli.Commands.Shared;

/// <summary>Parses the http(s) URLs actors are given (JSON-RPC node, hospital endpoint, store API).</summary>
public static class Urls
{
    public static bool IsHttp(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public static Uri Parse(string text, string option) =>
        IsHttp(text) ? new Uri(text.EndsWith('/') ? text : text + "/") : throw new CliUsageException($"{option} must be an http(s) URL");
}
